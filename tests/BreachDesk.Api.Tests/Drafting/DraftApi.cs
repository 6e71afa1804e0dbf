using System.Net;
using System.Text.Json.Nodes;
using BreachDesk.Tests.Support;

namespace BreachDesk.Tests.Drafting;

/// <summary>Reading drafts as a client does, and waiting for the background regeneration to catch up.</summary>
public static class DraftApi
{
    public static readonly string[] Kinds = ["dpo-notice", "regulator", "data-subject"];

    /// <summary>Long enough for a busy 2-core machine; regeneration normally takes well under a second.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    public static Task<HttpResponseMessage> GetDraft(this RunningService service, string id, string kind, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/incidents/{id}/drafts/{kind}");
        var client = service.Client("dev-auditor");
        client.DefaultRequestHeaders.Accept.Clear();
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        return client.SendAsync(request);
    }

    public static async Task<string> Markdown(this RunningService service, string id, string kind)
    {
        var response = await service.GetDraft(id, kind, "text/markdown");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public static async Task<JsonObject> Sections(this RunningService service, string id, string kind) =>
        await (await service.GetDraft(id, kind, "application/json")).ExpectJson(HttpStatusCode.OK);

    /// <summary>Waits until every draft of the incident was rendered from its current version.</summary>
    public static async Task<IReadOnlyDictionary<string, JsonObject>> CurrentDrafts(this RunningService service, string id)
    {
        var incident = await (await service.Client("dev-auditor").GetAsync($"/api/incidents/{id}")).ExpectJson(HttpStatusCode.OK);
        var version = incident["version"]!.GetValue<long>();
        return await Until(service, id, drafts => drafts.Values.All(d => d["incidentVersion"]!.GetValue<long>() == version),
            $"drafts rendered from incident version {version}");
    }

    public static async Task<IReadOnlyDictionary<string, JsonObject>> Until(
        RunningService service, string id, Func<IReadOnlyDictionary<string, JsonObject>, bool> done, string what)
    {
        var giveUpAt = DateTime.UtcNow + Deadline;
        while (true)
        {
            var drafts = new Dictionary<string, JsonObject>();
            foreach (var kind in Kinds)
            {
                var response = await service.GetDraft(id, kind, "application/json");
                if (response.StatusCode == HttpStatusCode.OK) drafts[kind] = await response.ExpectJson(HttpStatusCode.OK);
            }
            if (drafts.Count == Kinds.Length && done(drafts)) return drafts;
            if (DateTime.UtcNow > giveUpAt)
                Assert.Fail($"Within {Deadline.TotalSeconds} s the drafts of {id} did not reach: {what}. Got: {string.Join(", ", drafts.Select(d => $"{d.Key} v{d.Value["version"]} from {d.Value["incidentVersion"]}"))}");
            await Task.Delay(100);
        }
    }
}
