using BreachDesk.Infrastructure.Mail;
using MimeKit;

namespace BreachDesk.Escalating.Alerts;

/// <summary>An alert as an e-mail, through the shared SMTP sender.</summary>
public static class EmailChannel
{
    public static Task SendAsync(SmtpOptions smtp, ChannelOptions channel, DeliverAlert alert, string? link, CancellationToken cancellation)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(MailboxAddress.Parse(channel.To!));
        message.Subject = alert.Content.Summary(alert.Kind);
        message.Headers.Add("X-BreachDesk-Delivery", alert.AlertId.ToString());
        message.Body = new TextPart("plain")
        {
            Text = $"{alert.Content.Summary(alert.Kind)}\n\nIncident: {alert.Content.Reference}\n" +
                   (link is null ? "" : $"Open it: {link}\n") + "Acknowledge it in BreachDesk to stop repeats.\n",
        };
        return SmtpMail.SendAsync(smtp, message, cancellation);
    }
}
