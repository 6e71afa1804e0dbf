using System.Text.Json;

namespace BreachDesk.Escalating.Alerts;

/// <summary>A Slack-style incoming webhook: <c>{ "text": ... }</c>.</summary>
public static class SlackChannel
{
    public static Task SendAsync(HttpClient client, ChannelOptions channel, DeliverAlert alert, CancellationToken cancellation) =>
        AlertChannels.PostJsonAsync(client, channel.Url!,
            JsonSerializer.SerializeToUtf8Bytes(new { text = $":rotating_light: {alert.Content.Summary(alert.Kind)}" }), null, cancellation);
}
