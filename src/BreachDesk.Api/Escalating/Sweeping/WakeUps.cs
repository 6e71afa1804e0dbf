using BreachDesk.Escalating;
using Marten;

namespace BreachDesk.Escalating.Sweeping;

/// <summary>Writes an incident's one wake-up row (or removes it), queued in a session's unit of work.</summary>
public static class WakeUps
{
    /// <summary>
    /// At most one row per incident; none once no clock of it runs. An unchanged wake-up writes nothing.
    /// Queued in the session's unit of work, not run on its connection: Marten commits the session's transaction only
    /// when its unit of work has an operation, so a sweep that decided nothing would otherwise roll back its own
    /// deletion of the replan signals and be handed the same incident again at once, forever.
    /// A wake-up earlier than the sleeping sweepers know of wakes them on commit (<see cref="SweepNotices"/>).
    /// </summary>
    public static void Queue(IDocumentSession session, string schema, Guid incidentId, WakeUp? next)
    {
        if (next is null)
            session.QueueSqlCommand($"DELETE FROM {schema}.{EscalationTables.WakeUps} WHERE incident_id = ?", incidentId);
        else
            session.QueueSqlCommand(
                $"""
                 INSERT INTO {schema}.{EscalationTables.WakeUps} AS w (incident_id, next_at, priority)
                 VALUES (?, {schema}.{SweepNotices.FunctionName}(?, ?, '{SweepNotices.Lane(SweepLane.WakeUps)}'), ?)
                 ON CONFLICT (incident_id) DO UPDATE SET next_at = EXCLUDED.next_at, priority = EXCLUDED.priority
                 WHERE (w.next_at, w.priority) IS DISTINCT FROM (EXCLUDED.next_at, EXCLUDED.priority)
                 """, incidentId, incidentId, next.At, next.Priority);
    }
}
