using System.Security.Claims;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Attributes;
using Wolverine.Http;

namespace BreachDesk.Notifying;

public static class NotifyThirdPartyEndpoint
{
    [NonTransactional] // IncidentCommand commits itself, to answer a concurrent change with 409/412.
    [WolverinePost("/api/incidents/{id}/third-party-notifications"), Authorize(Roles = Roles.DpoOnly)]
    [EndpointSummary("Record a third party told under a data-sharing agreement.")]
    [IncidentCommandEndpoint]
    public static Task<IResult> Post(
        Guid id, NotifyThirdParty command, HttpRequest request, ClaimsPrincipal user,
        IncidentCommandServices commands, TimeProvider clock, CancellationToken cancellation) =>
        IncidentCommand.ExecuteAsync(id, command, request, user, commands, clock, cancellation);
}
