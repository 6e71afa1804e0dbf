using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace BreachDesk.Drafting;

public sealed record DraftSummary(string Kind, int Version, DateTimeOffset GeneratedAt);

public sealed record DraftSectionsResponse(
    string Kind, int Version, DateTimeOffset GeneratedAt, long IncidentVersion, string Title, IReadOnlyList<DraftSection> Sections);

/// <summary>
/// Both routes render from the incident as it is at the read, so a draft is never behind the facts; every incident
/// has all three. <c>version</c> grows when the text changes (<see cref="CurrentDrafts"/>).
/// </summary>
public static class DraftEndpoints
{
    [WolverineGet("/api/incidents/{id}/drafts"), Authorize(Roles = Roles.AnyRole)]
    [EndpointSummary("The incident's three drafts as they are now, each with its version and when that text was first produced.")]
    [ProducesResponseType<DraftSummary[]>(200), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> List(Guid id, CurrentDrafts drafts, CancellationToken cancellation)
    {
        if (await drafts.ReadAsync(id, DraftKinds.All, cancellation) is not { } current) return Problems.NotFound(id);
        var summaries = DraftKinds.All.Select(kind => new DraftSummary(kind.Name(), current[kind].Version, current[kind].GeneratedAt));
        return TypedResults.Json(summaries.ToList(), ApiJson.Options);
    }

    [WolverineGet("/api/incidents/{id}/drafts/{kind}"), Authorize(Roles = Roles.AnyRole)]
    [EndpointSummary("One draft (dpo-notice, regulator, data-subject) as it is now, as text/markdown (default), text/html or application/json sections.")]
    [ProducesResponseType<DraftSectionsResponse>(200, "application/json", "text/markdown", "text/html")]
    [ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(406)]
    public static async Task<IResult> Get(Guid id, string kind, HttpRequest request, CurrentDrafts drafts, CancellationToken cancellation)
    {
        if (DraftKinds.Parse(kind) is not { } draftKind)
            return DraftProblems.UnknownKind(kind);
        // Refuse an unacceptable format before rendering, which may store a version.
        var format = DraftNegotiation.Choose(request);
        if (format == DraftFormat.None) return DraftProblems.NotAcceptable();
        if (await drafts.ReadAsync(id, [draftKind], cancellation) is not { } current) return Problems.NotFound(id);

        var draft = current[draftKind];
        request.HttpContext.Response.Headers.ETag = ETags.For(draft.Version);
        return format switch
        {
            DraftFormat.Markdown => TypedResults.Text(draft.Markdown, "text/markdown; charset=utf-8"),
            DraftFormat.Html => TypedResults.Text(DraftRendering.Html(draft.Markdown), "text/html; charset=utf-8"),
            _ => TypedResults.Json(JsonFor(draft), ApiJson.Options),
        };
    }

    private static DraftSectionsResponse JsonFor(CurrentDraft draft)
    {
        var split = DraftRendering.Sections(draft.Markdown);
        return new(draft.Kind.Name(), draft.Version, draft.GeneratedAt, draft.IncidentVersion, split.Title, split.Sections);
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

    public static IResult NotAcceptable() => Problems.Result(new ProblemDetails
    {
        Status = StatusCodes.Status406NotAcceptable,
        Title = "No acceptable format.",
        Detail = "Drafts are available as text/markdown, text/html or application/json.",
    });
}
