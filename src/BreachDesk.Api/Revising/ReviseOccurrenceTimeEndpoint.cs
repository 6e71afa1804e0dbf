using System.Security.Claims;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Attributes;
using Wolverine.Http;

namespace BreachDesk.Revising;

public static class ReviseOccurrenceTimeEndpoint
{
    [NonTransactional] // IncidentCommand commits itself, to answer a concurrent change with 409/412.
    [WolverinePost("/api/incidents/{id}/occurrence"), Authorize(Roles = Roles.ReporterOrDpo)]
    [EndpointSummary("Revise when the breach occurred, with the reason; both deadlines are recomputed.")]
    [IncidentCommandEndpoint]
    public static Task<IResult> Post(
        Guid id, ReviseOccurrenceTime command, HttpRequest request, ClaimsPrincipal user,
        IncidentCommandServices commands, TimeProvider clock, CancellationToken cancellation) =>
        IncidentCommand.ExecuteAsync(id, command, request, user, commands, clock, cancellation);
}
