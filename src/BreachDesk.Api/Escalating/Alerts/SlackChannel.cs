using System.Text.Json;

namespace BreachDesk.Escalating.Alerts;

/// <summary>A Slack-style incoming webhook: <c>{ "text": ... }</c>, with a link to the incident in Slack's <c>&lt;url|label&gt;</c> form.</summary>
public static class SlackChannel
{
    public static Task SendAsync(HttpClient client, ChannelOptions channel, DeliverAlert alert, string? link, CancellationToken cancellation) =>
        AlertChannels.PostJsonAsync(client, channel.Url!,
            JsonSerializer.SerializeToUtf8Bytes(new
            {
                text = $":rotating_light: {alert.Content.Summary(alert.Kind)}" + (link is null ? "" : $" <{link}|Open {alert.Content.Reference} in BreachDesk>"),
            }), null, cancellation);
}
