using System.Security.Claims;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Attributes;
using Wolverine.Http;

namespace BreachDesk.Notifying;

public static class NotifyDpoEndpoint
{
    [NonTransactional] // IncidentCommand commits itself, to answer a concurrent change with 409/412.
    [WolverinePost("/api/incidents/{id}/dpo-notification"), Authorize(Roles = Roles.ReporterDpoOrOnCall)]
    [EndpointSummary("Record the written notice to the DPO (meets the 6-hour DPO deadline).")]
    [IncidentCommandEndpoint]
    public static Task<IResult> Post(
        Guid id, NotifyDpo command, HttpRequest request, ClaimsPrincipal user,
        IncidentCommandServices commands, TimeProvider clock, CancellationToken cancellation) =>
        IncidentCommand.ExecuteAsync(id, command, request, user, commands, clock, cancellation);
}
