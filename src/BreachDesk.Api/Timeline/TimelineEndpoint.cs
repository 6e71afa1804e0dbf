using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Http;
using BreachDesk.Validation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace BreachDesk.Timeline;

public static class TimelineEndpoint
{
    /// <remarks>
    /// Read straight from the event stream: the timeline is the audit trail itself in words, so it can never
    /// disagree with it. Paged by version (<c>after</c>, <c>limit</c>), so one request reads at most
    /// <see cref="EventPage.MaxLimit"/> events however long the incident's history is.
    /// </remarks>
    [WolverineGet("/api/incidents/{id}/timeline"), Authorize(Roles = Roles.AnyRole)]
    [EndpointSummary("The incident's events as readable lines, oldest first: after (a version, default 0) and limit (default and at most 1000). " +
                     "A Link header with rel=\"next\" is sent while more remain.")]
    [ProducesResponseType<TimelineEntry[]>(200), ProducesResponseType<HttpValidationProblemDetails>(400), ProducesResponseType(404)]
    public static async Task<IResult> Get(
        Guid id, string? after, string? limit, IQuerySession session, HttpContext context, CancellationToken cancellation)
    {
        var errors = new ValidationErrors();
        var page = EventPage.Parse(errors, after, limit);
        if (!errors.IsEmpty) return Problems.Result(errors.ToProblem());

        // One event more than the page holds says whether another page follows.
        var events = await session.Events.FetchStreamAsync(
            id, version: page.After + page.Limit + 1, fromVersion: page.After + 1, token: cancellation);
        if (events.Count == 0 && (page.After == 0 || await session.Events.FetchStreamStateAsync(id, cancellation) is null))
            return Problems.NotFound(id);

        var shown = events.Take(page.Limit).ToList();
        if (events.Count > page.Limit) Paging.LinkNext(context, shown[^1].Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return TypedResults.Json(shown.Select(TimelineEntry.From).OfType<TimelineEntry>().ToList(), ApiJson.Options);
    }
}
