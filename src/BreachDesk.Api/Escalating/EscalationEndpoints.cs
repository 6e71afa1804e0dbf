using System.Security.Claims;
using BreachDesk.Escalating.Alerts;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Http;
using BreachDesk.Validation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Http;
using Wolverine.Marten.Publishing;

namespace BreachDesk.Escalating;

public sealed record EscalationResponse(
    Guid Id, Guid IncidentId, string Reference, DeadlineKind Deadline, string Checkpoint, int Level, int Repeats,
    DateTimeOffset DueAt, DateTimeOffset RaisedAt, DateTimeOffset? LastRaisedAt, EscalationStatus Status,
    DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, DateTimeOffset? ResolvedAt)
{
    public static EscalationResponse From(EscalationView v) => new(v.Id, v.IncidentId, v.Reference, v.Deadline, v.Checkpoint,
        v.Level, v.Repeats, v.DueAt, v.RaisedAt, v.LastRaisedAt ?? v.RaisedAt, v.Status, v.AcknowledgedAt, v.AcknowledgedBy, v.ResolvedAt);
}

public static class ListEscalationsEndpoint
{
    [WolverineGet("/api/escalations"), Authorize(Roles = Roles.AnyRole)]
    [EndpointSummary("Escalations raised when a clock ran short, newest first: state (open, acknowledged, resolved, all; default open), incidentId.")]
    [ProducesResponseType<EscalationResponse[]>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static async Task<IResult> Get(string? state, string? incidentId, IQuerySession session, CancellationToken cancellation)
    {
        var errors = new ValidationErrors();
        var filter = (state ?? "open").ToLowerInvariant();
        EscalationStatus? status = filter switch
        {
            "open" => EscalationStatus.Open,
            "acknowledged" => EscalationStatus.Acknowledged,
            "resolved" => EscalationStatus.Resolved,
            _ => null,
        };
        if (status is null && filter != "all") errors.Add("state", "'state' must be one of: open, acknowledged, resolved, all.");
        Guid? incident = null;
        if (incidentId is not null)
        {
            if (Guid.TryParse(incidentId, out var parsed)) incident = parsed;
            else errors.Add("incidentId", "'incidentId' must be an incident's id (a UUID).");
        }
        if (!errors.IsEmpty) return Problems.Result(errors.ToProblem());

        IQueryable<EscalationView> query = session.Query<EscalationView>();
        if (status is { } wanted) query = query.Where(x => x.Status == wanted);
        if (incident is { } id) query = query.Where(x => x.IncidentId == id);
        var views = await query.OrderByDescending(x => x.RaisedAt).Take(1000).ToListAsync(cancellation);
        return TypedResults.Json(views.Select(EscalationResponse.From).ToList(), ApiJson.Options);
    }
}

public static class AcknowledgeEscalationEndpoint
{
    /// <remarks>
    /// Appended to the incident's escalation log without an expected version (Marten's quick append takes the stream
    /// row, so it is serialised with the sweeper's appends and never fails because of them). It commutes with the
    /// sweeper: a sweep that read the log before it fails its own version check and decides again with the
    /// acknowledgement in view; a resolution that won the race stays final. The follow-up alerts leave through the
    /// outbox in the same transaction.
    /// </remarks>
    [NonTransactional] // commits its own outboxed session
    [WolverinePost("/api/escalations/{id}/ack"), Authorize(Roles = Roles.DpoOrOnCall)]
    [EndpointSummary("Acknowledge an escalation: its repeats stop; the deadline's next checkpoints still fire. A resolved one cannot be acknowledged (409).")]
    [ProducesResponseType<EscalationResponse>(200), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    public static async Task<IResult> Post(
        Guid id, ClaimsPrincipal user, OutboxedSessionFactory sessions, IMessageBus bus, IOptions<EscalationOptions> options,
        TimeProvider clock, CancellationToken cancellation)
    {
        await using var session = sessions.OpenSession(bus);
        var escalation = await session.LoadAsync<EscalationView>(id, cancellation);
        if (escalation is null)
            return Problems.Result(new ProblemDetails { Status = 404, Title = "Unknown escalation.", Detail = $"There is no escalation with id {id}." });

        var logId = EscalationIds.LogOf(escalation.IncidentId);
        var log = await session.Events.FetchLatest<IncidentEscalations>(logId, cancellation);
        EscalationAcknowledged acknowledged;
        try
        {
            acknowledged = AcknowledgeEscalation.Decide(log, id, user.Name(), clock.GetUtcNow());
        }
        catch (IncidentConflictException conflict)
        {
            return Problems.Conflict(conflict.Message);
        }

        session.Events.Append(logId, acknowledged);
        foreach (var alert in AlertPlan.Acknowledged(acknowledged, escalation, log!, options.Value)) await bus.PublishAsync(alert);
        await session.SaveChangesAsync(cancellation);

        var fresh = await session.LoadAsync<EscalationView>(id, cancellation);
        return TypedResults.Json(EscalationResponse.From(fresh!), ApiJson.Options);
    }
}
