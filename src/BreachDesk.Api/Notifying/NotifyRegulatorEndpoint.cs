using System.Security.Claims;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Attributes;
using Wolverine.Http;

namespace BreachDesk.Notifying;

public static class NotifyRegulatorEndpoint
{
    [NonTransactional] // IncidentCommand commits itself, to answer a concurrent change with 409/412.
    [WolverinePost("/api/incidents/{id}/regulator-notification"), Authorize(Roles = Roles.DpoOnly)]
    [EndpointSummary("Record the initial report to the regulator; after the statutory deadline it needs lateReason.")]
    [IncidentCommandEndpoint]
    public static Task<IResult> Post(
        Guid id, NotifyRegulator command, HttpRequest request, ClaimsPrincipal user,
        IncidentCommandServices commands, TimeProvider clock, CancellationToken cancellation) =>
        IncidentCommand.ExecuteAsync(id, command, request, user, commands, clock, cancellation);
}
