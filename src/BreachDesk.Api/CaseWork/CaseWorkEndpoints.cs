using System.Security.Claims;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Attributes;
using Wolverine.Http;

namespace BreachDesk.CaseWork;

/// <summary>
/// A task's number from the route. Taken as text, so that a route value that is not a number is an unknown task (a 404
/// problem from the command path, task 0 never existing) rather than a bare 404 from route binding.
/// </summary>
internal static class TaskNumbers
{
    public static int Parse(string taskId) => int.TryParse(taskId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
}

/// <summary>The body of finishing a task: an optional note.</summary>
public sealed record TaskNote(string? Note = null);

// Each command commits itself through IncidentCommand, to answer a concurrent change with 409/412.

public static class AssignOwnerEndpoint
{
    [NonTransactional]
    [WolverinePost("/api/incidents/{id}/assignment"), Authorize(Roles = Roles.ReporterOrDpo)]
    [EndpointSummary("Give the incident to an owner (the name a person signs in with), with an optional note.")]
    [IncidentCommandEndpoint]
    public static Task<IResult> Post(
        Guid id, AssignOwner command, HttpRequest request, ClaimsPrincipal user,
        IncidentCommandServices commands, TimeProvider clock, CancellationToken cancellation) =>
        IncidentCommand.ExecuteAsync(id, command, request, user, commands, clock, cancellation);
}

public static class AddTaskEndpoint
{
    [NonTransactional]
    [WolverinePost("/api/incidents/{id}/tasks"), Authorize(Roles = Roles.ReporterDpoOrOnCall)]
    [EndpointSummary("Add a task, for an assignee, maybe by a due time; an open task past its due time is overdue.")]
    [IncidentCommandEndpoint]
    public static Task<IResult> Post(
        Guid id, AddTask command, HttpRequest request, ClaimsPrincipal user,
        IncidentCommandServices commands, TimeProvider clock, CancellationToken cancellation) =>
        IncidentCommand.ExecuteAsync(id, command, request, user, commands, clock, cancellation);
}

public static class CompleteTaskEndpoint
{
    [NonTransactional]
    [WolverinePost("/api/incidents/{id}/tasks/{taskId}/done"), Authorize(Roles = Roles.ReporterDpoOrOnCall)]
    [EndpointSummary("Mark a task done, with an optional note.")]
    [IncidentCommandEndpoint]
    public static Task<IResult> Post(
        Guid id, string taskId, TaskNote body, HttpRequest request, ClaimsPrincipal user,
        IncidentCommandServices commands, TimeProvider clock, CancellationToken cancellation) =>
        IncidentCommand.ExecuteAsync(id, new CompleteTask(TaskNumbers.Parse(taskId), body.Note), request, user, commands, clock, cancellation);
}

public static class CancelTaskEndpoint
{
    [NonTransactional]
    [WolverinePost("/api/incidents/{id}/tasks/{taskId}/cancel"), Authorize(Roles = Roles.ReporterDpoOrOnCall)]
    [EndpointSummary("Cancel a task that is no longer needed, with an optional note saying why.")]
    [IncidentCommandEndpoint]
    public static Task<IResult> Post(
        Guid id, string taskId, TaskNote body, HttpRequest request, ClaimsPrincipal user,
        IncidentCommandServices commands, TimeProvider clock, CancellationToken cancellation) =>
        IncidentCommand.ExecuteAsync(id, new CancelTask(TaskNumbers.Parse(taskId), body.Note), request, user, commands, clock, cancellation);
}

public static class AddNoteEndpoint
{
    [NonTransactional]
    [WolverinePost("/api/incidents/{id}/notes"), Authorize(Roles = Roles.ReporterDpoOrOnCall)]
    [EndpointSummary("Add a note to the record; it appears in the timeline with its author.")]
    [IncidentCommandEndpoint]
    public static Task<IResult> Post(
        Guid id, AddNote command, HttpRequest request, ClaimsPrincipal user,
        IncidentCommandServices commands, TimeProvider clock, CancellationToken cancellation) =>
        IncidentCommand.ExecuteAsync(id, command, request, user, commands, clock, cancellation);
}
