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

/// <summary>An incident response: the body, and its version as the ETag for later If-Match.</summary>
public sealed class IncidentResult(IncidentView view, DateTimeOffset now, int status = 200, string? location = null) : IResult
{
    public Task ExecuteAsync(HttpContext context)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.ETag = ETags.For(view.Version);
        if (location is not null) context.Response.Headers.Location = location;
        return context.Response.WriteAsJsonAsync(IncidentResponse.From(view, now), ApiJson.Options, context.RequestAborted);
    }
}
