using BreachDesk.Incidents;

namespace BreachDesk.Escalating;

/// <summary>On-call staff or the DPO take an escalation: its repeats stop.</summary>
public static class AcknowledgeEscalation
{
    public static EscalationAcknowledged Decide(Incident incident, Guid escalationId, string actor, DateTimeOffset now)
    {
        if (!incident.Escalations.TryGetValue(escalationId, out var raised))
            throw new IncidentConflictException("The incident has no such escalation.");
        if (raised.Acknowledged)
            throw new IncidentConflictException("The escalation has already been acknowledged.");
        return new EscalationAcknowledged(incident.Id, escalationId, now, actor);
    }
}
