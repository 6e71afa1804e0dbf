using System.Security.Claims;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Attributes;
using Wolverine.Http;

namespace BreachDesk.Assessing;

public static class AssessRiskEndpoint
{
    [NonTransactional] // IncidentCommand commits itself, to answer a concurrent change with 409/412.
    [WolverinePost("/api/incidents/{id}/risk-assessment"), Authorize(Roles = Roles.DpoOnly)]
    [EndpointSummary("The DPO's risk decision; 'none' makes the regulator deadline not required.")]
    [IncidentCommandEndpoint]
    public static Task<IResult> Post(
        Guid id, AssessRisk command, HttpRequest request, ClaimsPrincipal user,
        IncidentCommandServices commands, TimeProvider clock, CancellationToken cancellation) =>
        IncidentCommand.ExecuteAsync(id, command, request, user, commands, clock, cancellation);
}
