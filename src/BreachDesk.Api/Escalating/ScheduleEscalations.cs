using BreachDesk.Assessing;
using BreachDesk.Incidents;
using JasperFx.Events;
using Marten;
using Wolverine;
using Wolverine.Attributes;

namespace BreachDesk.Escalating;

/// <summary>
/// Whenever a deadline is set or may have moved, plans the checkpoints of the incident's running clocks as durable
/// scheduled messages (stored in PostgreSQL, so a restart loses none). Planning twice is harmless: a checkpoint
/// fires once, and one planned for a due time that has since moved does nothing.
/// </summary>
[WolverineHandler] // discovered although its name does not end in "Handler"
public static class ScheduleEscalations
{
    public static Task<OutgoingMessages> Handle(IEvent<IncidentReported> e, IQuerySession session, EscalationPolicy policy, TimeProvider clock, CancellationToken cancellation) =>
        PlanAsync(e.StreamId, session, policy, clock, cancellation);

    public static Task<OutgoingMessages> Handle(IEvent<OccurrenceTimeRevised> e, IQuerySession session, EscalationPolicy policy, TimeProvider clock, CancellationToken cancellation) =>
        PlanAsync(e.StreamId, session, policy, clock, cancellation);

    /// <summary>A risk of 'none' stops the regulator clock (its checkpoints go stale); 'risk' or 'high' restarts it.</summary>
    public static Task<OutgoingMessages> Handle(IEvent<RiskAssessed> e, IQuerySession session, EscalationPolicy policy, TimeProvider clock, CancellationToken cancellation) =>
        e.Data.Level == RiskLevel.None ? Task.FromResult(new OutgoingMessages()) : PlanAsync(e.StreamId, session, policy, clock, cancellation);

    public static Task<OutgoingMessages> Handle(IEvent<IncidentReopened> e, IQuerySession session, EscalationPolicy policy, TimeProvider clock, CancellationToken cancellation) =>
        PlanAsync(e.StreamId, session, policy, clock, cancellation);

    private static async Task<OutgoingMessages> PlanAsync(Guid incidentId, IQuerySession session, EscalationPolicy policy, TimeProvider clock, CancellationToken cancellation)
    {
        var messages = new OutgoingMessages();
        var incident = await session.Events.AggregateStreamAsync<Incident>(incidentId, token: cancellation);
        if (incident is null) return messages;
        foreach (var checkpoint in EscalationPlanner.Plan(incident, policy, clock.GetUtcNow()))
            messages.Add(new EscalationCheckpointReached(incidentId, checkpoint).ScheduledAt(checkpoint.At));
        return messages;
    }
}
