using BreachDesk.Incidents;
using BreachDesk.Validation;

namespace BreachDesk.Escalating;

/// <summary>On-call staff or the DPO take an escalation: its repeats stop.</summary>
public sealed record AcknowledgeEscalation(Guid EscalationId) : IIncidentCommand<EscalationAcknowledged>
{
    /// <summary>The escalation is addressed by its id in the route; there is nothing else to check.</summary>
    public ValidationErrors Validate(Incident incident, DateTimeOffset now) => new();

    public EscalationAcknowledged Decide(Incident incident, string actor, DateTimeOffset now)
    {
        if (!incident.Escalations.TryGetValue(EscalationId, out var raised))
            throw new IncidentConflictException("The incident has no such escalation.");
        if (raised.Acknowledged)
            throw new IncidentConflictException("The escalation has already been acknowledged.");
        return new EscalationAcknowledged(incident.Id, EscalationId, now, actor);
    }
}
