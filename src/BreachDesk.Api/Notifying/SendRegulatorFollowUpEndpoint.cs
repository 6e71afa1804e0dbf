using System.Security.Claims;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Attributes;
using Wolverine.Http;

namespace BreachDesk.Notifying;

public static class SendRegulatorFollowUpEndpoint
{
    [NonTransactional] // IncidentCommand commits itself, to answer a concurrent change with 409/412.
    [WolverinePost("/api/incidents/{id}/regulator-follow-up"), Authorize(Roles = Roles.DpoOnly)]
    [EndpointSummary("Record further information sent to the regulator (Art. 33(4)).")]
    [IncidentCommandEndpoint]
    public static Task<IResult> Post(
        Guid id, SendRegulatorFollowUp command, HttpRequest request, ClaimsPrincipal user,
        IncidentCommandServices commands, TimeProvider clock, CancellationToken cancellation) =>
        IncidentCommand.ExecuteAsync(id, command, request, user, commands, clock, cancellation);
}
