using System.Security.Claims;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Attributes;
using Wolverine.Http;

namespace BreachDesk.CaseWork;

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
        IDocumentSession session, TimeProvider clock, CancellationToken cancellation) =>
        IncidentCommand.ExecuteAsync(id, command, request, user, session, clock, cancellation);
}

public static class AddTaskEndpoint
{
    [NonTransactional]
    [WolverinePost("/api/incidents/{id}/tasks"), Authorize(Roles = Roles.ReporterDpoOrOnCall)]
    [EndpointSummary("Add a task, for an assignee, maybe by a due time; an open task past its due time is overdue.")]
    [IncidentCommandEndpoint]
    public static Task<IResult> Post(
        Guid id, AddTask command, HttpRequest request, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock, CancellationToken cancellation) =>
        IncidentCommand.ExecuteAsync(id, command, request, user, session, clock, cancellation);
}

public static class CompleteTaskEndpoint
{
    [NonTransactional]
    [WolverinePost("/api/incidents/{id}/tasks/{taskId}/done"), Authorize(Roles = Roles.ReporterDpoOrOnCall)]
    [EndpointSummary("Mark a task done, with an optional note.")]
    [IncidentCommandEndpoint]
    public static Task<IResult> Post(
        Guid id, int taskId, TaskNote body, HttpRequest request, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock, CancellationToken cancellation) =>
        IncidentCommand.ExecuteAsync(id, new CompleteTask(taskId, body.Note), request, user, session, clock, cancellation);
}

public static class CancelTaskEndpoint
{
    [NonTransactional]
    [WolverinePost("/api/incidents/{id}/tasks/{taskId}/cancel"), Authorize(Roles = Roles.ReporterDpoOrOnCall)]
    [EndpointSummary("Cancel a task that is no longer needed, with an optional note saying why.")]
    [IncidentCommandEndpoint]
    public static Task<IResult> Post(
        Guid id, int taskId, TaskNote body, HttpRequest request, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock, CancellationToken cancellation) =>
        IncidentCommand.ExecuteAsync(id, new CancelTask(taskId, body.Note), request, user, session, clock, cancellation);
}

public static class AddNoteEndpoint
{
    [NonTransactional]
    [WolverinePost("/api/incidents/{id}/notes"), Authorize(Roles = Roles.ReporterDpoOrOnCall)]
    [EndpointSummary("Add a note to the record; it appears in the timeline with its author.")]
    [IncidentCommandEndpoint]
    public static Task<IResult> Post(
        Guid id, AddNote command, HttpRequest request, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock, CancellationToken cancellation) =>
        IncidentCommand.ExecuteAsync(id, command, request, user, session, clock, cancellation);
}
