using System.Security.Claims;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Attributes;
using Wolverine.Http;

namespace BreachDesk.Assessing;

public static class AssessImpactEndpoint
{
    [NonTransactional] // IncidentCommand commits itself, to answer a concurrent change with 409/412.
    [WolverinePost("/api/incidents/{id}/impact"), Authorize(Roles = Roles.ReporterOrDpo)]
    [EndpointSummary("Record the impact; the response carries the ENISA suggested risk.")]
    [IncidentCommandEndpoint]
    public static Task<IResult> Post(
        Guid id, AssessImpact command, HttpRequest request, ClaimsPrincipal user,
        IncidentCommandServices commands, TimeProvider clock, CancellationToken cancellation) =>
        IncidentCommand.ExecuteAsync(id, command, request, user, commands, clock, cancellation);
}
