using BreachDesk.Incidents;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace BreachDesk.Incidents;

/// <summary>
/// Lets Marten rebuild the domain's <see cref="Incident"/> from its stream (live, on each command). The fold
/// itself is the domain's own pure <see cref="Incident.Evolve"/>, which keeps the domain free of Marten.
/// </summary>
public partial class IncidentWriteModel : SingleStreamProjection<Incident, Guid>
{
    public override Incident Evolve(Incident? snapshot, Guid id, IEvent e) => Incident.Evolve(snapshot, e.Data)!;
}
