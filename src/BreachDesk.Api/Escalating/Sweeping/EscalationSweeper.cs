using BreachDesk.Infrastructure.Database;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BreachDesk.Escalating.Sweeping;

/// <summary>
/// The escalation work's own capacity: a hosted service with two loops of its own, outside Wolverine's handler pool,
/// so no burst of other work can delay it. One loop handles replan signals (a fact may have moved a clock), the other
/// wake-ups that fell due, most urgent first (the level due, then the time), so an at-due escalation never waits behind
/// a burst of new reports. Every node runs both; the per-incident claim in <see cref="IncidentSweep"/> makes one act.
/// When there is a backlog a loop goes straight on; otherwise it waits <c>BreachDesk:Escalation:SweepEvery</c>.
/// </summary>
public sealed class EscalationSweeper(
    NpgsqlDataSource dataSource, IncidentSweep sweep, IOptions<EscalationOptions> options, TimeProvider clock,
    IHostApplicationLifetime lifetime, ILogger<EscalationSweeper> logger, string schema) : BackgroundService
{
    /// <summary>Candidates read per query: small, so that a wake-up that falls due meanwhile is seen soon.</summary>
    private const int Batch = 32;

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        // Alerts leave through Wolverine's outbox: start once the whole host (Wolverine included) has started.
        var started = new TaskCompletionSource();
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stopping.Register(() => started.TrySetCanceled()))
        {
            try { await started.Task; }
            catch (OperationCanceledException) { return; }
        }
        await Task.WhenAll(RunAsync(SweepLane.Replans, stopping), RunAsync(SweepLane.WakeUps, stopping));
    }

    private async Task RunAsync(SweepLane lane, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var backlog = false;
            try
            {
                var candidates = await CandidatesAsync(lane, stopping);
                var swept = 0;
                foreach (var incidentId in candidates)
                {
                    if (stopping.IsCancellationRequested) break;
                    if (await SweepAsync(incidentId, lane, stopping)) swept++;
                }
                // A full batch of which this node swept some: more is waiting. One it could not claim is another node's.
                backlog = candidates.Count == Batch && swept > 0;
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                // The database restarting, or not there yet: nothing is lost (the rows stay), so try again next round.
                logger.LogWarning(e, "The escalation sweep ({Lane}) could not read its work; it tries again.", lane);
            }

            if (backlog) continue;
            try { await Task.Delay(options.Value.SweepInterval(), stopping); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task<bool> SweepAsync(Guid incidentId, SweepLane lane, CancellationToken stopping)
    {
        try
        {
            return await sweep.RunAsync(incidentId, lane, stopping);
        }
        catch (Exception e) when (e.IsConcurrencyConflict())
        {
            // An acknowledgement landed on the log between our read and our append: decided again next round, on the fresh log.
            logger.LogInformation("Escalation sweep of incident {IncidentId} met a concurrent acknowledgement; it is decided again.", incidentId);
            return false;
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            logger.LogWarning(e, "Escalation sweep of incident {IncidentId} failed; nothing was recorded or sent, and it is tried again.", incidentId);
            return false;
        }
    }

    private async Task<List<Guid>> CandidatesAsync(SweepLane lane, CancellationToken cancellation)
    {
        await using var command = lane == SweepLane.Replans
            ? dataSource.CreateCommand(
                $"SELECT incident_id FROM {schema}.{EscalationTables.Replans} GROUP BY incident_id ORDER BY min(signalled_at) LIMIT {Batch}")
            : dataSource.CreateCommand(
                $"SELECT incident_id FROM {schema}.{EscalationTables.WakeUps} WHERE next_at <= $1 ORDER BY priority DESC, next_at LIMIT {Batch}");
        if (lane == SweepLane.WakeUps) command.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
        var ids = new List<Guid>(Batch);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) ids.Add(reader.GetGuid(0));
        return ids;
    }
}
