using BreachDesk.Escalating.Alerts;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Telemetry;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace BreachDesk.Escalating.Sweeping;

/// <summary>Why the sweeper looks at an incident: a fact may have moved a clock, or its wake-up fell due.</summary>
public enum SweepLane { Replans, WakeUps }

/// <summary>
/// One incident, one transaction: claim it, drop its replan signals, read the incident (people's stream, no lock on
/// it) and its escalation log (for writing), let <see cref="EscalationSweep"/> decide, append, publish the alerts
/// through Wolverine's outbox, write or delete the wake-up, commit. An alert is therefore sent if and only if its
/// escalation is stored; a sweep that fails anywhere leaves everything as it was, and is simply done again.
/// </summary>
public sealed class IncidentSweep(
    IServiceScopeFactory scopes, OutboxedSessionFactory sessions, EscalationPolicy policy, IOptions<EscalationOptions> options,
    TimeProvider clock, BreachDeskMetrics metrics, string schema)
{
    /// <summary>
    /// The per-incident exclusion between sweepers (any node, either lane), taken with try: an incident another sweeper
    /// holds is skipped, not waited for, as SKIP LOCKED skips a row. Two ints, so it cannot meet Wolverine's or Marten's
    /// one-bigint advisory locks except by a hash collision, which at worst delays one incident by a round. A command
    /// that re-plans its incident takes it too (<see cref="SweepInCommand"/>).
    /// </summary>
    internal const int LockSpace = 0x42445357; // "BDSW"

    /// <returns>False when there was nothing to do: claimed elsewhere, no longer due, or already handled.</returns>
    public async Task<bool> RunAsync(Guid incidentId, SweepLane lane, CancellationToken cancellation)
    {
        await using var scope = scopes.CreateAsyncScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        await using var session = sessions.OpenSession(bus);
        await session.BeginTransactionAsync(cancellation);
        var connection = (NpgsqlConnection)session.Connection!;
        var now = clock.GetUtcNow();

        if (lane == SweepLane.WakeUps && !await ClaimDueWakeUpAsync(connection, incidentId, now, cancellation)) return false;
        if (!await TryExcludeAsync(connection, incidentId, cancellation)) return false;
        var signals = await DeleteReplansAsync(connection, incidentId, cancellation);
        if (lane == SweepLane.Replans && signals == 0) return false;

        var incident = await session.Events.FetchLatest<Incident>(incidentId, cancellation);
        var log = await session.Events.FetchForWriting<IncidentEscalations>(EscalationIds.LogOf(incidentId), cancellation);
        var decision = EscalationSweep.Decide(incident, log.Aggregate, policy, now);

        if (decision.Events.Count > 0)
        {
            var planned = AlertPlan.ForSweep(decision.Events, incident!, log.Aggregate, options.Value);
            log.AppendMany(planned.Events.ToArray());
            foreach (var alert in planned.Alerts) await bus.PublishAsync(alert);
        }
        // Queued on the session, so there is always something to save: Marten commits the transaction only then.
        WakeUps.Queue(session, schema, incidentId, decision.Next);
        await session.SaveChangesAsync(cancellation);

        Count(metrics, decision, log.Aggregate);
        return true;
    }

    /// <summary>After a sweep's commit: count what it raised or repeated, by clock.</summary>
    internal static void Count(BreachDeskMetrics metrics, SweepDecision decision, IncidentEscalations? log)
    {
        foreach (var raised in decision.Events.OfType<EscalationRaised>()) metrics.EscalationRaised(raised.Deadline.ToString().ToLowerInvariant());
        foreach (var repeated in decision.Events.OfType<EscalationRepeated>())
            metrics.EscalationRaised(log!.Escalations[repeated.EscalationId].Deadline.ToString().ToLowerInvariant());
    }

    /// <summary>The wake-up row is locked for the transaction; one another sweeper holds is skipped.</summary>
    private async Task<bool> ClaimDueWakeUpAsync(NpgsqlConnection connection, Guid incidentId, DateTimeOffset now, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT 1 FROM {schema}.{EscalationTables.WakeUps} WHERE incident_id = $1 AND next_at <= $2 FOR UPDATE SKIP LOCKED", connection)
        {
            Parameters = { new() { Value = incidentId }, new() { Value = now } },
        };
        return await command.ExecuteScalarAsync(cancellation) is not null;
    }

    private static async Task<bool> TryExcludeAsync(NpgsqlConnection connection, Guid incidentId, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_xact_lock({LockSpace}, hashtext($1::text))", connection)
        {
            Parameters = { new() { Value = incidentId } },
        };
        return (bool)(await command.ExecuteScalarAsync(cancellation))!;
    }

    private async Task<int> DeleteReplansAsync(NpgsqlConnection connection, Guid incidentId, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"DELETE FROM {schema}.{EscalationTables.Replans} WHERE incident_id = $1", connection)
        {
            Parameters = { new() { Value = incidentId } },
        };
        return await command.ExecuteNonQueryAsync(cancellation);
    }
}
