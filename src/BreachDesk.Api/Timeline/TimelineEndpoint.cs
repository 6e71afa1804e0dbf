using BreachDesk.Escalating;
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
    /// Read straight from the event streams: the timeline is the audit trail itself in words, so it can never
    /// disagree with it. Two streams: people's facts and the incident's escalation log. Paged by the version of
    /// people's facts (<c>after</c>, <c>limit</c>), so one request reads at most <see cref="EventPage.MaxLimit"/> of
    /// them however long the history is; each page also holds the escalations stored between its first and last fact
    /// (the last page: every later one), merged by time, people's facts first at equal times. Each entry's version is
    /// its place in its own stream.
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

        // From the page's starting version (its time bounds the escalations shown), and one event more than the page
        // holds, which says whether another page follows.
        var events = await session.Events.FetchStreamAsync(
            id, version: page.After + page.Limit + 1, fromVersion: Math.Max(1, page.After), token: cancellation);
        var shown = events.Where(e => e.Version > page.After).Take(page.Limit).ToList();
        if (shown.Count == 0 && (page.After == 0 || await session.Events.FetchStreamStateAsync(id, cancellation) is null))
            return Problems.NotFound(id);

        var more = events.Count(e => e.Version > page.After) > page.Limit;
        var from = page.After == 0 ? DateTimeOffset.MinValue : events.First(e => e.Version == page.After).Timestamp;
        var to = more ? shown[^1].Timestamp : DateTimeOffset.MaxValue;
        var logId = EscalationIds.LogOf(id);
        var escalations = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == logId && e.Timestamp > from && e.Timestamp <= to)
            .OrderBy(e => e.Sequence).Take(EventPage.MaxLimit).ToListAsync(cancellation);

        if (more) Paging.LinkNext(context, shown[^1].Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var entries = shown.Concat(escalations).Select(TimelineEntry.From).OfType<TimelineEntry>().OrderBy(e => e.At);
        return TypedResults.Json(entries.ToList(), ApiJson.Options);
    }
}
