using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace BreachDesk.Escalating.Alerts;

/// <summary>E-mail over SMTP with MailKit.</summary>
public static class EmailChannel
{
    public static async Task SendAsync(SmtpOptions smtp, ChannelOptions channel, DeliverAlert alert, string? link, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(smtp.Host)) throw new InvalidOperationException("BreachDesk:Escalation:Smtp:Host is not configured.");
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

        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host, smtp.Port, smtp.UseTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellation);
        if (!string.IsNullOrEmpty(smtp.Username)) await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellation);
        await client.SendAsync(message, cancellation);
        await client.DisconnectAsync(true, cancellation);
    }
}
