using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace BreachDesk.Auditing;

public static class AuditEndpoint
{
    [WolverineGet("/api/incidents/{id}/audit"), Authorize(Roles = Roles.AuditReaders)]
    [EndpointSummary("The incident's raw event stream with metadata, and whether its hash chain shows the stored record unedited.")]
    [ProducesResponseType<AuditReport>(200), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Get(Guid id, AuditTrail trail, CancellationToken cancellation) =>
        await trail.ReadAsync(id, cancellation) is { } report
            ? TypedResults.Json(report, ApiJson.Options)
            : Problems.NotFound(id);
}
