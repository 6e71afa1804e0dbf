using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BreachDesk.Infrastructure.Http;

namespace BreachDesk.Escalating.Alerts;

/// <summary>
/// A generic JSON webhook. The body is signed with HMAC-SHA256 over "{timestamp}.{body}" using the target's
/// secret, sent as <c>BreachDesk-Signature: t={unix seconds},v1={hex}</c>; a receiver recomputes it, compares in
/// constant time and rejects old timestamps (replays). <c>BreachDesk-Delivery</c> carries the alert's stable id
/// for de-duplication.
/// </summary>
public static class WebhookChannel
{
    public const string SignatureHeader = "BreachDesk-Signature";
    public const string DeliveryHeader = "BreachDesk-Delivery";

    public static Task SendAsync(HttpClient client, ChannelOptions channel, DeliverAlert alert, string? link, TimeProvider clock, CancellationToken cancellation)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            id = alert.AlertId,
            type = alert.Kind switch
            {
                AlertKind.Acknowledge => "escalation.acknowledged",
                AlertKind.Resolve => "deadline.stopped",
                _ => alert.Content.Repeat > 0 ? "escalation.repeated" : "escalation.raised",
            },
            target = alert.Target,
            summary = alert.Content.Summary(alert.Kind),
            incidentId = alert.Content.IncidentId,
            reference = alert.Content.Reference,
            deadline = alert.Content.Deadline,
            checkpoint = alert.Content.Checkpoint,
            dueAt = alert.Content.DueAt,
            level = alert.Content.Level,
            escalationId = alert.Content.EscalationId,
            repeat = alert.Content.Repeat,
            at = alert.Content.At,
            link, // the incident on the dashboard; null without BreachDesk:PublicUrl
        }, ApiJson.Options);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();

        return AlertChannels.PostJsonAsync(client, channel.Url!, body, request =>
        {
            request.Headers.Add(DeliveryHeader, alert.AlertId.ToString());
            request.Headers.Add(SignatureHeader, $"t={timestamp},v1={Sign(channel.Secret ?? "", timestamp, body)}");
        }, cancellation);
    }

    public static string Sign(string secret, long timestamp, byte[] body)
    {
        var signed = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".").Concat(body).ToArray();
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
