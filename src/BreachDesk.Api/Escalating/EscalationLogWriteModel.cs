using JasperFx.Events;
using Marten.Events.Aggregation;

namespace BreachDesk.Escalating;

/// <summary>Lets Marten fold an incident's escalation log (live, when the sweeper or an acknowledgement reads it).</summary>
public partial class EscalationLogWriteModel : SingleStreamProjection<IncidentEscalations, Guid>
{
    public override IncidentEscalations Evolve(IncidentEscalations? snapshot, Guid id, IEvent e) => IncidentEscalations.Evolve(snapshot, e.Data);
}
