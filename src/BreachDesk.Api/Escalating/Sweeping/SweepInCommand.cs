using BreachDesk.Escalating.Alerts;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Telemetry;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using Wolverine;

namespace BreachDesk.Escalating.Sweeping;

/// <summary>
/// A person's fact that can start, stop or move a clock re-plans its incident's escalations in the command's own
/// transaction, as a report plans its first ones (<see cref="SweepAtReport"/>): the sweeper's pure
/// <see cref="EscalationSweep.Decide"/> on the incident as the command leaves it, the escalation log's events (a stopped
/// clock's escalations resolved at once; a checkpoint the fact made pass raised), their alerts through the outbox of
/// that transaction, the one wake-up row. So the command's answer is already the whole truth (no escalation of a met
/// deadline still open a moment later), and no replan signal, sweep and candidate read follow it (decision 0029).
/// </summary>
/// <remarks>
/// It never makes the command wait for, fail on or retry because of background work. It takes the incident only as
/// the sweeper does, with try: the wake-up row <c>SKIP LOCKED</c> and the sweepers' advisory lock. When a sweeper holds
/// either, the command leaves the replan to the sweeper with a signal, as before 0029, in the same transaction.
/// Holding both, no sweeper can be between its read of the log and its commit, nor start one until this commits (it
/// skips the incident; the command's own decision covers what fell due). The only other writer of the log is a
/// person's acknowledgement, which appends without an expected version: the log's stream row is locked before the
/// log is read, so an acknowledgement is ordered before or after this command (a wait of one short transaction of
/// another person's, like any two commands on one incident), and the log's version check cannot fail the command.
/// </remarks>
public sealed class SweepInCommand(EscalationPolicy policy, IOptions<EscalationOptions> options, BreachDeskMetrics metrics, string schema)
{
    /// <summary>The facts that can start, stop or move a clock. Not <c>IncidentReported</c>: a report plans its own (SweepAtReport).</summary>
    private static readonly HashSet<Type> ClockFacts =
    [
        typeof(OccurrenceTimeRevised), typeof(DpoNotified), typeof(RegulatorNotified),
        typeof(RiskAssessed), typeof(IncidentClosed), typeof(IncidentReopened),
    ];

    public static bool MovesAClock(object fact) => ClockFacts.Contains(fact.GetType());

    /// <summary>What the command's sweep decided, with the log it read; null when it was left to the sweeper.</summary>
    public sealed record Swept(SweepDecision Decision, IncidentEscalations? Log);

    /// <summary>
    /// Queues the re-plan of <paramref name="after"/> (the incident with the command's fact applied) in
    /// <paramref name="session"/>, whose transaction is open; alerts are published on <paramref name="bus"/>, the
    /// context the session's outbox belongs to.
    /// </summary>
    public async Task<Swept?> QueueAsync(IDocumentSession session, IMessageBus bus, Incident after, DateTimeOffset now, CancellationToken cancellation)
    {
        var connection = (NpgsqlConnection)session.Connection!;
        if (!await TryClaimAsync(connection, after.Id, cancellation))
        {
            session.QueueSqlCommand(SweepNotices.InsertReplanSql(schema), after.Id, after.Id);
            return null;
        }

        var logId = EscalationIds.LogOf(after.Id);
        await LockLogAsync(connection, logId, cancellation);
        var log = await session.Events.FetchForWriting<IncidentEscalations>(logId, cancellation);
        var decision = EscalationSweep.Decide(after, log.Aggregate, policy, now);
        if (decision.Events.Count > 0)
        {
            var planned = AlertPlan.ForSweep(decision.Events, after, log.Aggregate, options.Value);
            log.AppendMany(planned.Events.ToArray());
            foreach (var alert in planned.Alerts) await bus.PublishAsync(alert);
        }
        // Signals left by earlier commands are answered by this decision, which saw their facts.
        session.QueueSqlCommand($"DELETE FROM {schema}.{EscalationTables.Replans} WHERE incident_id = ?", after.Id);
        WakeUps.Queue(session, schema, after.Id, decision.Next);
        return new Swept(decision, log.Aggregate);
    }

    /// <summary>After the commit: count what was raised, as the sweeper does.</summary>
    public void Committed(Swept? swept)
    {
        if (swept is not null) IncidentSweep.Count(metrics, swept.Decision, swept.Log);
    }

    /// <summary>
    /// The sweepers' claim, with try, in one statement: false when a sweeper holds the advisory lock (sweeping the
    /// incident now) or the wake-up row (claimed, about to try the advisory lock, which it then fails). Neither is
    /// waited for, and the advisory lock is tried first, so a row a sweeper will write is never held here.
    /// </summary>
    private async Task<bool> TryClaimAsync(NpgsqlConnection connection, Guid incidentId, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"""
             WITH mine AS (SELECT 1 FROM {schema}.{EscalationTables.WakeUps} WHERE incident_id = $1 FOR UPDATE SKIP LOCKED)
             SELECT CASE
                 WHEN NOT pg_try_advisory_xact_lock({IncidentSweep.LockSpace}, hashtext($1::text)) THEN false
                 WHEN EXISTS (SELECT 1 FROM {schema}.{EscalationTables.WakeUps} WHERE incident_id = $1) THEN EXISTS (SELECT 1 FROM mine)
                 ELSE true
             END
             """, connection)
        {
            Parameters = { new() { Value = incidentId } },
        };
        return (bool)(await command.ExecuteScalarAsync(cancellation))!;
    }

    /// <summary>The log's stream row, locked for the transaction (none yet: nothing can have been acknowledged).</summary>
    private async Task LockLogAsync(NpgsqlConnection connection, Guid logId, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"SELECT 1 FROM {schema}.mt_streams WHERE id = $1 FOR UPDATE", connection)
        {
            Parameters = { new() { Value = logId } },
        };
        await command.ExecuteScalarAsync(cancellation);
    }
}
