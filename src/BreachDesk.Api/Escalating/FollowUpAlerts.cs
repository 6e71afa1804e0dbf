using BreachDesk.Assessing;
using BreachDesk.Escalating.Alerts;
using BreachDesk.Incidents;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Options;
using Wolverine;
using Wolverine.Attributes;

namespace BreachDesk.Escalating;

/// <summary>
/// Keeps the state of alerts in PagerDuty and webhook receivers in step with the incident: an acknowledgement here
/// acknowledges there; a deadline that stops running (met, not required, incident closed) resolves its alerts.
/// </summary>
[WolverineHandler] // discovered although its name does not end in "Handler"
public static class FollowUpAlerts
{
    public static async Task<OutgoingMessages> Handle(IEvent<EscalationAcknowledged> e, IQuerySession session, IOptions<EscalationOptions> options, CancellationToken cancellation)
    {
        var view = await session.LoadAsync<EscalationView>(e.Data.EscalationId, cancellation);
        var messages = new OutgoingMessages();
        if (view is null) return messages;
        var content = new AlertContent(view.IncidentId, view.Reference, view.Deadline, view.Checkpoint, view.DueAt, view.Level, view.Id, 0, e.Data.AcknowledgedAt);
        messages.AddRange(AlertPlan.FollowUp(AlertKind.Acknowledge, content, options.Value));
        return messages;
    }

    public static Task<OutgoingMessages> Handle(IEvent<DpoNotified> e, IQuerySession session, IOptions<EscalationOptions> options, CancellationToken cancellation) =>
        ResolveAsync(e.StreamId, [DeadlineKind.Dpo], e.Data.RecordedAt, session, options.Value, cancellation);

    public static Task<OutgoingMessages> Handle(IEvent<RegulatorNotified> e, IQuerySession session, IOptions<EscalationOptions> options, CancellationToken cancellation) =>
        ResolveAsync(e.StreamId, [DeadlineKind.Regulator], e.Data.RecordedAt, session, options.Value, cancellation);

    public static Task<OutgoingMessages> Handle(IEvent<RiskAssessed> e, IQuerySession session, IOptions<EscalationOptions> options, CancellationToken cancellation) =>
        e.Data.Level == RiskLevel.None
            ? ResolveAsync(e.StreamId, [DeadlineKind.Regulator], e.Data.AssessedAt, session, options.Value, cancellation)
            : Task.FromResult(new OutgoingMessages());

    public static Task<OutgoingMessages> Handle(IEvent<IncidentClosed> e, IQuerySession session, IOptions<EscalationOptions> options, CancellationToken cancellation) =>
        ResolveAsync(e.StreamId, [DeadlineKind.Dpo, DeadlineKind.Regulator], e.Data.ClosedAt, session, options.Value, cancellation);

    /// <summary>Only deadlines that were escalated have anything to resolve.</summary>
    private static async Task<OutgoingMessages> ResolveAsync(
        Guid incidentId, DeadlineKind[] deadlines, DateTimeOffset at, IQuerySession session, EscalationOptions options, CancellationToken cancellation)
    {
        var messages = new OutgoingMessages();
        var escalated = await session.Query<EscalationView>().Where(x => x.IncidentId == incidentId).ToListAsync(cancellation);
        foreach (var view in escalated.Where(v => deadlines.Contains(v.Deadline)).DistinctBy(v => v.Deadline))
        {
            var content = new AlertContent(incidentId, view.Reference, view.Deadline, view.Checkpoint, view.DueAt, view.Level, Guid.Empty, 0, at);
            messages.AddRange(AlertPlan.FollowUp(AlertKind.Resolve, content, options));
        }
        return messages;
    }
}
