using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace BreachDesk.Infrastructure.Mail;

/// <summary>
/// <c>BreachDesk:Escalation:Smtp</c>: the one mail server BreachDesk sends through, for e-mail alerts and for the DPO
/// notice alike (the key sits under Escalation because alerts were its first use).
/// </summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public bool UseTls { get; set; }
    public string From { get; set; } = "breachdesk@localhost";
    public string? Username { get; set; }
    public string? Password { get; set; }

    public const string HostKey = "BreachDesk:Escalation:Smtp:Host";
}

/// <summary>Sends one message through the configured server with MailKit. Any failure throws.</summary>
public static class SmtpMail
{
    /// <summary>Long enough for a slow server, short enough that a person waiting on a send is answered.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task SendAsync(SmtpOptions smtp, MimeMessage message, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(smtp.Host)) throw new InvalidOperationException($"{SmtpOptions.HostKey} is not configured.");
        if (message.From.Count == 0) message.From.Add(MailboxAddress.Parse(smtp.From));

        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.Host, smtp.Port, smtp.UseTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellation);
        if (!string.IsNullOrEmpty(smtp.Username)) await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellation);
        await client.SendAsync(message, cancellation);
        await client.DisconnectAsync(true, cancellation);
    }
}
