using BreachDesk.Incidents;

namespace BreachDesk.Escalating;

/// <summary>On-call staff or the DPO take an escalation: its repeats stop.</summary>
public static class AcknowledgeEscalation
{
    public static EscalationAcknowledged Decide(IncidentEscalations? log, Guid escalationId, string actor, DateTimeOffset now)
    {
        if (log is null || !log.Escalations.TryGetValue(escalationId, out var escalation))
            throw new IncidentConflictException("The incident has no such escalation.");
        return escalation.Status switch
        {
            EscalationStatus.Acknowledged => throw new IncidentConflictException("The escalation has already been acknowledged."),
            EscalationStatus.Resolved => throw new IncidentConflictException(
                "The escalation is resolved: the clock it watched has stopped (deadline met, not required, or incident closed), so there is nothing left to acknowledge."),
            _ => new EscalationAcknowledged(log.IncidentId, escalationId, now, actor),
        };
    }
}
