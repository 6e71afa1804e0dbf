using System.Text.Json;

namespace BreachDesk.Escalating.Alerts;

/// <summary>
/// PagerDuty Events API v2. One <c>dedup_key</c> per incident and deadline, so every escalation of one clock is one
/// PagerDuty incident: triggered, acknowledged when acknowledged here, resolved when the deadline stops running.
/// </summary>
public static class PagerDutyChannel
{
    public const string DefaultUrl = "https://events.pagerduty.com/v2/enqueue";

    public static Task SendAsync(HttpClient client, ChannelOptions channel, DeliverAlert alert, string? link, CancellationToken cancellation)
    {
        var content = alert.Content;
        var dedupKey = $"breachdesk-{content.IncidentId:N}-{content.Deadline.ToString().ToLowerInvariant()}";
        var action = alert.Kind switch { AlertKind.Acknowledge => "acknowledge", AlertKind.Resolve => "resolve", _ => "trigger" };
        object body = alert.Kind == AlertKind.Trigger
            ? new
            {
                routing_key = channel.RoutingKey,
                event_action = action,
                dedup_key = dedupKey,
                payload = new
                {
                    summary = content.Summary(alert.Kind),
                    source = "BreachDesk",
                    severity = content.Level >= 3 ? "critical" : content.Level == 2 ? "error" : "warning",
                    // camelCase, as BreachDesk's API and webhook name the same facts.
                    custom_details = new
                    {
                        reference = content.Reference, deadline = content.Deadline.ToString().ToLowerInvariant(), checkpoint = content.Checkpoint,
                        dueAt = content.DueAt, level = content.Level, link,
                    },
                },
                links = link is null ? [] : new[] { new { href = link, text = $"{content.Reference} in BreachDesk" } },
            }
            : new { routing_key = channel.RoutingKey, event_action = action, dedup_key = dedupKey };
        return AlertChannels.PostJsonAsync(client, channel.Url ?? DefaultUrl, JsonSerializer.SerializeToUtf8Bytes(body), null, cancellation);
    }
}
