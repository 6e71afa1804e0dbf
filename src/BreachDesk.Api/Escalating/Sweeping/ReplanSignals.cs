using BreachDesk.Incidents;
using Marten;
using Marten.Services;

namespace BreachDesk.Escalating.Sweeping;

/// <summary>
/// With people's commands: every fact that can start, stop or move a clock inserts a row into
/// <c>escalation_replans</c> in the command's own transaction (no extra commit, no lock on anything the sweeper
/// holds), which wakes the sweepers on commit (<see cref="SweepNotices"/>), and they re-decide that incident's
/// escalations and wake-up at once.
/// </summary>
/// <remarks>
/// A session listener, not a projection: a signal is a consequence of an append, not a view of the events. As an
/// inline projection it was replayed by <c>projections rebuild</c>, which re-signalled every incident (and every
/// escalation log) of the store, and left the sweeper a backlog of one transaction per incident after each rebuild.
/// A rebuild appends nothing, so no signal comes from it now (decision 0028).
/// </remarks>
public sealed class ReplanSignals : DocumentSessionListenerBase
{
    private static readonly HashSet<Type> ClockFacts =
    [
        // Not IncidentReported: a report plans its own first wake-up in its transaction (SweepAtReport).
        typeof(OccurrenceTimeRevised), typeof(DpoNotified), typeof(RegulatorNotified),
        typeof(RiskAssessed), typeof(IncidentClosed), typeof(IncidentReopened),
    ];

    private readonly string _insert;

    public ReplanSignals(string schema) =>
        _insert = SweepNotices.InsertReplanSql(schema);

    /// <remarks>
    /// Marten calls this after the session's inline projections ran and before it writes the unit of work, so the
    /// row is in the same transaction as the events. The event types are checked here: the escalation log's own
    /// appends go through every session too, and a signal for them would make the sweeper chase itself.
    /// </remarks>
    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        foreach (var stream in session.PendingChanges.Streams())
            if (stream.Events.Any(e => ClockFacts.Contains(e.EventType)))
                session.QueueSqlCommand(_insert, stream.Id, stream.Id);
        return Task.CompletedTask;
    }
}
