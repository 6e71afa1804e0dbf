using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Http;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace BreachDesk.Drafting;

public sealed record DraftSummary(string Kind, int Version, DateTimeOffset GeneratedAt);

public sealed record DraftSectionsResponse(
    string Kind, int Version, DateTimeOffset GeneratedAt, long IncidentVersion, string Title, IReadOnlyList<DraftSection> Sections);

public static class DraftEndpoints
{
    [WolverineGet("/api/incidents/{id}/drafts"), Authorize(Roles = Roles.AnyRole)]
    [EndpointSummary("The drafts generated so far for the incident, with their versions.")]
    [ProducesResponseType<DraftSummary[]>(200), ProducesResponseType(404)]
    public static async Task<IResult> List(Guid id, IQuerySession session, CancellationToken cancellation)
    {
        if (await session.LoadAsync<IncidentView>(id, cancellation) is null) return Problems.NotFound(id);
        var latest = await DraftQueries.LatestAsync(session, id, cancellation);
        var summaries = DraftKinds.All.Where(latest.ContainsKey)
            .Select(kind => new DraftSummary(kind.Name(), latest[kind].Version, latest[kind].GeneratedAt));
        return TypedResults.Json(summaries.ToList(), ApiJson.Options);
    }

    [WolverineGet("/api/incidents/{id}/drafts/{kind}"), Authorize(Roles = Roles.AnyRole)]
    [EndpointSummary("One draft (dpo-notice, regulator, data-subject) as text/markdown (default), text/html or application/json sections.")]
    [ProducesResponseType<DraftSectionsResponse>(200, "application/json", "text/markdown", "text/html")]
    [ProducesResponseType(404), ProducesResponseType(406)]
    public static async Task<IResult> Get(Guid id, string kind, HttpRequest request, IQuerySession session, CancellationToken cancellation)
    {
        if (DraftKinds.Parse(kind) is not { } draftKind)
            return DraftProblems.UnknownKind(kind);
        if (await session.LoadAsync<IncidentView>(id, cancellation) is null) return Problems.NotFound(id);
        if ((await DraftQueries.LatestAsync(session, id, cancellation)).GetValueOrDefault(draftKind) is not { } draft)
            return DraftProblems.NotGeneratedYet(id, kind);

        request.HttpContext.Response.Headers.ETag = ETags.For(draft.Version);
        return DraftNegotiation.Choose(request) switch
        {
            DraftFormat.Markdown => TypedResults.Text(draft.Markdown, "text/markdown; charset=utf-8"),
            DraftFormat.Html => TypedResults.Text(DraftRendering.Html(draft.Markdown), "text/html; charset=utf-8"),
            DraftFormat.Json => TypedResults.Json(JsonFor(draft), ApiJson.Options),
            _ => DraftProblems.NotAcceptable(),
        };
    }

    private static DraftSectionsResponse JsonFor(DraftDocument draft)
    {
        var split = DraftRendering.Sections(draft.Markdown);
        return new(draft.Kind, draft.Version, draft.GeneratedAt, draft.IncidentVersion, split.Title, split.Sections);
    }
}

internal static class DraftProblems
{
    public static IResult UnknownKind(string kind) => Problems.Result(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Unknown draft kind.",
        Detail = $"There is no draft kind '{kind}'. The kinds are: {string.Join(", ", DraftKinds.All.Select(k => k.Name()))}.",
    });

    public static IResult NotGeneratedYet(Guid id, string kind) => Problems.Result(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "The draft has not been generated yet.",
        Detail = $"The {kind} draft of incident {id} has not been generated yet. Drafts are written in the background " +
                 "within seconds of each change to the incident; try again shortly.",
    });

    public static IResult NotAcceptable() => Problems.Result(new ProblemDetails
    {
        Status = StatusCodes.Status406NotAcceptable,
        Title = "No acceptable format.",
        Detail = "Drafts are available as text/markdown, text/html or application/json.",
    });
}
