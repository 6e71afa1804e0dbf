using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Http;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace BreachDesk.GettingDetails;

public static class GetIncidentEndpoint
{
    [WolverineGet("/api/incidents/{id}"), Authorize(Roles = Roles.AnyRole)]
    [EndpointSummary("One incident with both deadlines, evaluated now. ETag is its version.")]
    [ProducesResponseType<IncidentResponse>(200), ProducesResponseType(404)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, TimeProvider clock, CancellationToken cancellation)
    {
        var view = await session.LoadAsync<IncidentView>(id, cancellation);
        return view is null ? Problems.NotFound(id) : new IncidentResult(view, clock.GetUtcNow());
    }
}
