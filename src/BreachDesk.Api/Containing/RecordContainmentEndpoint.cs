using System.Security.Claims;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Attributes;
using Wolverine.Http;

namespace BreachDesk.Containing;

public static class RecordContainmentEndpoint
{
    [NonTransactional] // IncidentCommand commits itself, to answer a concurrent change with 409/412.
    [WolverinePost("/api/incidents/{id}/containment"), Authorize(Roles = Roles.ReporterDpoOrOnCall)]
    [EndpointSummary("Record a containment or recovery action.")]
    [IncidentCommandEndpoint]
    public static Task<IResult> Post(
        Guid id, RecordContainment command, HttpRequest request, ClaimsPrincipal user,
        IncidentCommandServices commands, TimeProvider clock, CancellationToken cancellation) =>
        IncidentCommand.ExecuteAsync(id, command, request, user, commands, clock, cancellation);
}
