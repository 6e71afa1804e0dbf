using BreachDesk.Escalating;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Http;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace BreachDesk.Timeline;

public static class TimelineEndpoint
{
    /// <remarks>
    /// Read straight from the event streams: the timeline is the audit trail itself in words, so it can never
    /// disagree with it. Two streams: people's facts and the incident's escalation log, merged by time (people's
    /// facts first at equal times); each entry's version is its place in its own stream.
    /// </remarks>
    [WolverineGet("/api/incidents/{id}/timeline"), Authorize(Roles = Roles.AnyRole)]
    [EndpointSummary("Every event of the incident as a readable line, oldest first.")]
    [ProducesResponseType<TimelineEntry[]>(200), ProducesResponseType(404)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken cancellation)
    {
        var events = await session.Events.FetchStreamAsync(id, token: cancellation);
        if (events.Count == 0) return Problems.NotFound(id);
        var escalations = await session.Events.FetchStreamAsync(EscalationIds.LogOf(id), token: cancellation);
        var entries = events.Concat(escalations).Select(TimelineEntry.From).OfType<TimelineEntry>().OrderBy(e => e.At);
        return TypedResults.Json(entries.ToList(), ApiJson.Options);
    }
}
