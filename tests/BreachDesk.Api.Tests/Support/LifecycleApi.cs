using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace BreachDesk.Tests.Support;

/// <summary>Commands and reads on one incident, as the DPO's tools would send them.</summary>
public sealed class IncidentClient(RunningService service, string id)
{
    public string Id { get; } = id;

    public Task<HttpResponseMessage> Post(string action, object body, string key = "dev-dpo") =>
        service.Client(key).PostAsJsonAsync($"/api/incidents/{Id}/{action}", body);

    public async Task<JsonObject> Do(string action, object body, string key = "dev-dpo") =>
        await (await Post(action, body, key)).ExpectJson(HttpStatusCode.OK);

    public async Task<JsonObject> View() =>
        await (await service.Client("dev-auditor").GetAsync($"/api/incidents/{Id}")).ExpectJson(HttpStatusCode.OK);

    /// <summary>
    /// The newest of people's facts in the timeline. Escalations, from the incident's escalation log, are merged in by
    /// time and may be raised at any moment, so "the last line" is not the last thing a person recorded.
    /// </summary>
    public async Task<JsonNode> LastFact() =>
        (await Timeline()).Last(e => !e!["kind"]!.GetValue<string>().StartsWith("escalation-", StringComparison.Ordinal))!;

    public async Task<JsonArray> Timeline() =>
        await (await service.Client("dev-auditor").GetAsync($"/api/incidents/{Id}/timeline")).ExpectJsonArray(HttpStatusCode.OK);

    public async Task<JsonObject> RegisterEntry()
    {
        var page = await (await service.Client("dev-auditor").GetAsync("/api/register?pageSize=1000")).ExpectJson(HttpStatusCode.OK);
        return page["items"]!.AsArray().Single(e => e!["id"]!.GetValue<string>() == Id)!.AsObject();
    }

    public static async Task<IncidentClient> Reported(RunningService service, object? body = null) =>
        new(service, (await service.Client().ReportedIncident(body))["id"]!.GetValue<string>());
}

public static class JsonPaths
{
    public static string Text(this JsonNode node, string path)
    {
        var current = node;
        foreach (var part in path.Split('.')) current = current![part];
        return current!.GetValue<string>();
    }
}
