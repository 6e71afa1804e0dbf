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
    /// Read straight from the event stream: the timeline is the audit trail itself in words, so it can never
    /// disagree with it, and one incident's stream is short enough to read on every request.
    /// </remarks>
    [WolverineGet("/api/incidents/{id}/timeline"), Authorize(Roles = Roles.AnyRole)]
    [EndpointSummary("Every event of the incident as a readable line, oldest first.")]
    [ProducesResponseType<TimelineEntry[]>(200), ProducesResponseType(404)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken cancellation)
    {
        var events = await session.Events.FetchStreamAsync(id, token: cancellation);
        if (events.Count == 0) return Problems.NotFound(id);
        return TypedResults.Json(events.Select(TimelineEntry.From).OfType<TimelineEntry>().ToList(), ApiJson.Options);
    }
}
