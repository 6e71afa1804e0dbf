using BreachDesk.Infrastructure;
using BreachDesk.Infrastructure.Database;
using BreachDesk.Infrastructure.Telemetry;
using Microsoft.Extensions.Options;
using Wolverine;

namespace BreachDesk.Escalating.Alerts;

/// <summary>
/// Sends one alert through its channel. A failure throws, so Wolverine retries it with the configured back-off
/// (<c>BreachDesk:Escalation:RetryDelays</c>) and, when every attempt failed, moves it to the dead-letter store,
/// from which <c>POST /api/escalations/dead-letters/{id}/replay</c> sends it again.
/// This is the one place alerts leave: a database that is a restored copy holds them here (<see cref="LiveDatabase"/>).
/// </summary>
public static class DeliverAlertHandler
{
    /// <summary>How often a held alert looks again whether an operator declared its database live.</summary>
    public static readonly TimeSpan HeldAlertRecheck = TimeSpan.FromSeconds(15);

    public static async Task Handle(
        DeliverAlert alert, IOptions<EscalationOptions> options, IHttpClientFactory http, TimeProvider clock,
        BreachDeskMetrics metrics, LiveDatabase database, IMessageBus bus, ILogger<DeliverAlert> logger, DashboardLinks links,
        CancellationToken cancellation)
    {
        if (await database.HeldAsync(cancellation) is { } held)
        {
            // Stored again, unchanged (same alert id), and sent once the database is declared live.
            logger.LogWarning("Alert {AlertId} to {Target} not sent. {AlertDelivery}", alert.AlertId, alert.Target, held.Describe());
            await bus.ScheduleAsync(alert, HeldAlertRecheck);
            return;
        }

        if (!options.Value.Targets.TryGetValue(alert.Target, out var channels) || alert.ChannelIndex >= channels.Count)
            throw new InvalidOperationException($"Target '{alert.Target}' has no channel {alert.ChannelIndex} any more; replay after fixing the configuration.");

        var channel = channels[alert.ChannelIndex];
        var client = http.CreateClient(AlertChannels.HttpClientName);
        var link = links.Incident(alert.Content.IncidentId);
        await (channel.Channel switch
        {
            "webhook" => WebhookChannel.SendAsync(client, channel, alert, link, clock, cancellation),
            "slack" => SlackChannel.SendAsync(client, channel, alert, link, cancellation),
            "pagerduty" => PagerDutyChannel.SendAsync(client, channel, alert, link, cancellation),
            "email" => EmailChannel.SendAsync(options.Value.Smtp, channel, alert, link, cancellation),
            _ => throw new InvalidOperationException($"Unknown channel '{channel.Channel}' for target '{alert.Target}'."),
        });
        metrics.EscalationDelivered(channel.Channel);
    }
}

public static class AlertChannels
{
    public const string HttpClientName = "alerts";

    /// <summary>Posts JSON and treats anything but 2xx as a failure to retry.</summary>
    public static async Task PostJsonAsync(HttpClient client, string url, byte[] body, Action<HttpRequestMessage>? sign, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        sign?.Invoke(request);
        using var response = await client.SendAsync(request, cancellation);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"The receiver answered {(int)response.StatusCode}.", null, response.StatusCode);
    }
}
