using BreachDesk.Incidents;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace BreachDesk.Escalating.Sweeping;

/// <summary>
/// Inline with people's commands: every fact that can start, stop or move a clock inserts a row into
/// <c>escalation_replans</c> in the command's own transaction (no extra commit, no lock on anything the sweeper
/// holds), and the sweeper re-decides that incident's escalations and wake-up promptly.
/// </summary>
public sealed class ReplanSignals : EventProjection
{
    public ReplanSignals(string schema)
    {
        _insert = $"INSERT INTO {schema}.{EscalationTables.Replans} (incident_id, signalled_at) VALUES (?, now())";
        IncludeType<IncidentReported>();
        IncludeType<OccurrenceTimeRevised>();
        IncludeType<DpoNotified>();
        IncludeType<RegulatorNotified>();
        IncludeType<RiskAssessed>();
        IncludeType<IncidentClosed>();
        IncludeType<IncidentReopened>();
    }

    private readonly string _insert;

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        operations.QueueSqlCommand(_insert, e.StreamId);
        return ValueTask.CompletedTask;
    }
}
