using System.Security.Claims;
using BreachDesk.GettingDetails;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Attributes;
using Wolverine.Http;

namespace BreachDesk.Notifying;

public static class NotifyDataSubjectsEndpoint
{
    [NonTransactional] // IncidentCommand commits itself, to answer a concurrent change with 409/412.
    [WolverinePost("/api/incidents/{id}/data-subject-notification"), Authorize(Roles = Roles.DpoOnly)]
    [EndpointSummary("Record that data subjects were told (Art. 34).")]
    [ProducesResponseType<IncidentResponse>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    [ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409), ProducesResponseType<ProblemDetails>(412)]
    public static Task<IResult> Post(
        Guid id, NotifyDataSubjects command, HttpRequest request, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock, CancellationToken cancellation) =>
        IncidentCommand.ExecuteAsync(id, request, session, clock,
            command.Validate,
            (incident, now) => command.Decide(incident, user.Name(), now),
            cancellation);
}
