using BreachDesk.Incidents;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace BreachDesk.Incidents;

/// <summary>
/// Lets Marten keep the domain's <see cref="Incident"/> as a snapshot: registered inline, it is stored in the
/// transaction of every append, so <c>FetchForWriting</c> reads that one document (and the stream's version) instead of
/// folding the whole stream, and a command on an incident with 1,000 events costs what one on a fresh incident does.
/// The fold itself is the domain's own pure <see cref="Incident.Evolve"/>, which keeps the domain free of Marten.
/// </summary>
public partial class IncidentWriteModel : SingleStreamProjection<Incident, Guid>
{
    /// <summary>
    /// A rebuild reads only incidents' streams (every one is started as an <see cref="Incident"/> stream, since the first
    /// version), not the escalation logs beside them, which are half of the events and fold to no incident (decision 0033).
    /// The filter is the daemon's (what a rebuild loads); inline, in a command's transaction, nothing changes.
    /// </summary>
    public IncidentWriteModel() => FilterIncomingEventsOnStreamType(typeof(Incident));

    public override Incident Evolve(Incident? snapshot, Guid id, IEvent e) => Incident.Evolve(snapshot, e.Data)!;
}
