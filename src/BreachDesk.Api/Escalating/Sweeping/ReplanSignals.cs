using BreachDesk.Incidents;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace BreachDesk.Escalating.Sweeping;

/// <summary>
/// Inline with people's commands: every fact that can start, stop or move a clock inserts a row into
/// <c>escalation_replans</c> in the command's own transaction (no extra commit, no lock on anything the sweeper
/// holds), which wakes the sweepers on commit (<see cref="SweepNotices"/>), and they re-decide that incident's
/// escalations and wake-up at once.
/// </summary>
public sealed class ReplanSignals : EventProjection
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
    /// The event types are checked here: an overridden ApplyAsync receives every event appended, the escalation log's
    /// too, and a signal for the log's own appends would make the sweeper chase itself (measured: a hot loop).
    /// </remarks>
    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        if (ClockFacts.Contains(e.EventType)) operations.QueueSqlCommand(_insert, e.StreamId, e.StreamId);
        return ValueTask.CompletedTask;
    }
}
