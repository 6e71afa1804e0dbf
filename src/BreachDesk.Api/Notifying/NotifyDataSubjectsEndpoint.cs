using System.Security.Claims;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Attributes;
using Wolverine.Http;

namespace BreachDesk.Notifying;

public static class NotifyDataSubjectsEndpoint
{
    [NonTransactional] // IncidentCommand commits itself, to answer a concurrent change with 409/412.
    [WolverinePost("/api/incidents/{id}/data-subject-notification"), Authorize(Roles = Roles.DpoOnly)]
    [EndpointSummary("Record that data subjects were told (Art. 34).")]
    [IncidentCommandEndpoint]
    public static Task<IResult> Post(
        Guid id, NotifyDataSubjects command, HttpRequest request, ClaimsPrincipal user,
        IncidentCommandServices commands, TimeProvider clock, CancellationToken cancellation) =>
        IncidentCommand.ExecuteAsync(id, command, request, user, commands, clock, cancellation);
}
