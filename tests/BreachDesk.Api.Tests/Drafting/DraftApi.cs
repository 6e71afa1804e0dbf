using System.Net;
using System.Text.Json.Nodes;
using BreachDesk.Drafting;
using BreachDesk.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace BreachDesk.Tests.Drafting;

/// <summary>Reading drafts as a client does, and counting the versions stored.</summary>
public static class DraftApi
{
    public static readonly string[] Kinds = ["dpo-notice", "regulator", "data-subject"];

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

    /// <summary>Every draft of the incident as a client reads it now (drafts are rendered on read: nothing to wait for).</summary>
    public static async Task<IReadOnlyDictionary<string, JsonObject>> CurrentDrafts(this RunningService service, string id)
    {
        var drafts = new Dictionary<string, JsonObject>();
        foreach (var kind in Kinds) drafts[kind] = await service.Sections(id, kind);
        return drafts;
    }

    /// <summary>How many versions of the incident's drafts are stored, read from the database itself.</summary>
    public static async Task<int> StoredVersions(this RunningService service, string id, string? kind = null)
    {
        await using var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var incidentId = Guid.Parse(id);
        var versions = session.Query<DraftDocument>().Where(d => d.IncidentId == incidentId);
        return await (kind is null ? versions : versions.Where(d => d.Kind == kind)).CountAsync();
    }
}
