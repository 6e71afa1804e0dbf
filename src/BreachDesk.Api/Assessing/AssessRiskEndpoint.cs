using System.Security.Claims;
using BreachDesk.GettingDetails;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Attributes;
using Wolverine.Http;

namespace BreachDesk.Assessing;

public static class AssessRiskEndpoint
{
    [NonTransactional] // IncidentCommand commits itself, to answer a concurrent change with 409/412.
    [WolverinePost("/api/incidents/{id}/risk-assessment"), Authorize(Roles = Roles.DpoOnly)]
    [EndpointSummary("The DPO's risk decision; 'none' makes the regulator deadline not required.")]
    [ProducesResponseType<IncidentResponse>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    [ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409), ProducesResponseType<ProblemDetails>(412)]
    public static Task<IResult> Post(
        Guid id, AssessRisk command, HttpRequest request, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock, CancellationToken cancellation) =>
        IncidentCommand.ExecuteAsync(id, request, session, clock,
            (_, _) => command.Validate(),
            (incident, now) => command.Decide(incident, user.Name(), now),
            cancellation);
}
