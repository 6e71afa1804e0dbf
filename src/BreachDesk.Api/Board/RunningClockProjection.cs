using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Database;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace BreachDesk.Board;

/// <summary>
/// Keeps one <see cref="RunningClock"/> per clock of every incident, inline (in the transaction of the events) and
/// rebuildable like any projection. Each event of an incident goes to each of its clocks; each clock folds the domain's
/// <see cref="Incident"/> (made of the few facts the row keeps, <see cref="ClockFacts"/>) and asks it whether the clock
/// runs and when it is due, so the rule is the domain's alone. A report makes its new incident's rows with
/// <see cref="ForNewIncident"/> and inserts them itself, so the grouping leaves a report's events alone (decision 0037).
/// </summary>
public partial class RunningClockProjection : MultiStreamProjection<RunningClock, string>
{
    public RunningClockProjection()
    {
        // A rebuild reads only incidents' streams: an escalation log's events fold to no incident, so to no clock, and
        // they are half of the store (decision 0033). The filter is the daemon's; inline, the grouping still sees them,
        // and Evolve makes no row of them.
        FilterIncomingEventsOnStreamType(typeof(Incident));
        CustomGrouping((IQuerySession _, IReadOnlyList<IEvent> events, JasperFx.Events.Grouping.IEventGrouping<string> grouping) =>
        {
            // The report's own save: it inserts what this grouping would make, without Marten's read of rows that cannot exist.
            if (WrittenByCommand.IsActive) return Task.CompletedTask;
            foreach (var e in events)
            foreach (var kind in RunningClock.Kinds)
                grouping.AddEvent(RunningClock.IdFor(e.StreamId, kind), e);
            return Task.CompletedTask;
        });
    }

    public override RunningClock? Evolve(RunningClock? snapshot, string id, IEvent e) => Fold(snapshot, id, e.Data);

    /// <summary>The rows of a new incident's clocks, as this projection makes them from its first event.</summary>
    public static RunningClock[] ForNewIncident(IncidentReported reported) =>
        RunningClock.Kinds.Select(kind => Fold(null, RunningClock.IdFor(reported.IncidentId, kind), reported)!).ToArray();

    private static RunningClock? Fold(RunningClock? snapshot, string id, object data)
    {
        var clock = snapshot ?? new RunningClock { Id = id, Kind = KindOf(id) };
        if (data is IncidentReported reported) (clock.Reference, clock.Title) = (reported.Reference, reported.Title);
        // The domain folds the event; the row keeps only the facts the next one needs (a row of an earlier version
        // still holds the whole incident: folded the same way, then slimmed).
        var incident = Incident.Evolve(clock.Facts?.ToIncident(clock.IncidentId, clock.Kind) ?? clock.Incident, data);
        // Not an incident's stream (escalation logs and the like go through the grouping too): no clock, no row.
        if (incident is null) return snapshot is null ? null : clock;

        clock.Facts = ClockFacts.Of(incident, clock.Kind);
        clock.Incident = null;
        clock.DueAt = incident.IsRunning(clock.Kind) ? incident.DueAt(clock.Kind) : null;
        clock.StatutoryDueAt = clock.Kind == Escalating.DeadlineKind.Regulator ? incident.StatutoryRegulatorDueAt() : null;
        return clock;
    }

    private static Escalating.DeadlineKind KindOf(string id) =>
        RunningClock.Kinds.Single(kind => id.EndsWith("/" + kind.ToString().ToLowerInvariant(), StringComparison.Ordinal));
}
