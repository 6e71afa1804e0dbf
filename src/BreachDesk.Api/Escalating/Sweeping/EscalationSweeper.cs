using BreachDesk.Infrastructure.Database;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BreachDesk.Escalating.Sweeping;

/// <summary>
/// The escalation work's own capacity: a hosted service with two loops of its own, outside Wolverine's handler pool,
/// so no burst of other work can delay it. One loop handles replan signals (a fact may have moved a clock), the other
/// wake-ups that fell due, most urgent first (the level due, then the time), so an at-due escalation never waits behind
/// a burst of new reports. Every node runs both; the per-incident claim in <see cref="IncidentSweep"/> makes one act.
/// When there is a backlog a loop goes straight on. Otherwise it sleeps, and an idle service costs the database
/// nothing but one query per lane every <c>BreachDesk:Escalation:SweepEvery</c>: the wake-ups lane until the earliest
/// wake-up falls due (read with the due ones, in the same indexed query), the replans lane until there is a signal;
/// either is woken sooner by a notice on <see cref="SweepNotices.Channel"/>, which a transaction writing a signal or an
/// earlier wake-up sends, on commit, to every node. <c>SweepEvery</c> is the re-check that covers a notice missed
/// while the listening connection was down.
/// </summary>
public sealed class EscalationSweeper(
    NpgsqlDataSource dataSource, IncidentSweep sweep, IOptions<EscalationOptions> options, TimeProvider clock,
    IHostApplicationLifetime lifetime, ILogger<EscalationSweeper> logger, string schema) : BackgroundService
{
    /// <summary>Candidates read per query: small, so that a wake-up that falls due meanwhile is seen soon.</summary>
    private const int Batch = 32;

    private static readonly TimeSpan LongestListenPause = TimeSpan.FromSeconds(30);

    private readonly Doorbell _replans = new(), _wakeUps = new();

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
        await Task.WhenAll(ListenAsync(stopping), RunAsync(SweepLane.Replans, stopping), RunAsync(SweepLane.WakeUps, stopping));
    }

    private async Task RunAsync(SweepLane lane, CancellationToken stopping)
    {
        var doorbell = lane == SweepLane.Replans ? _replans : _wakeUps;
        while (!stopping.IsCancellationRequested)
        {
            var backlog = false;
            var sleep = options.Value.SweepInterval();
            try
            {
                var (candidates, nextDue) = await CandidatesAsync(lane, stopping);
                var swept = 0;
                foreach (var incidentId in candidates)
                {
                    if (stopping.IsCancellationRequested) break;
                    if (await SweepAsync(incidentId, lane, stopping)) swept++;
                }
                // A full batch of which this node swept some: more is waiting. One it could not claim is another node's.
                backlog = candidates.Count == Batch && swept > 0;
                if (nextDue is { } due) sleep = TimeSpan.FromTicks(Math.Clamp((due - clock.GetUtcNow()).Ticks, 0, sleep.Ticks));
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                // The database restarting, or not there yet: nothing is lost (the rows stay), so try again next round.
                logger.LogWarning(e, "The escalation sweep ({Lane}) could not read its work; it tries again.", lane);
            }

            if (backlog) continue;
            try { await doorbell.SleepAsync(sleep, clock, stopping); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>
    /// One connection per node LISTENs for the sweep notices and rings the lane each names. Whenever it (re)connects it
    /// rings both lanes, which covers the notices sent while it was not listening.
    /// </summary>
    private async Task ListenAsync(CancellationToken stopping)
    {
        var pause = TimeSpan.FromSeconds(1);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stopping);
                connection.Notification += (_, notice) =>
                    (notice.Payload == SweepNotices.Lane(SweepLane.Replans) ? _replans : _wakeUps).Ring();
                await using (var listen = new NpgsqlCommand($"LISTEN {SweepNotices.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stopping);
                _replans.Ring();
                _wakeUps.Ring();
                pause = TimeSpan.FromSeconds(1);
                while (true) await connection.WaitAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                // Meanwhile the lanes still re-check every SweepEvery: nothing waits longer than that.
                logger.LogWarning("The escalation sweeper lost its notice connection ({Reason}); reconnecting in {Pause}.", e.Message, pause);
                try { await Task.Delay(pause, clock, stopping); }
                catch (OperationCanceledException) { return; }
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestListenPause.Ticks));
            }
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

    /// <summary>
    /// The lane's candidates; for the wake-ups lane also the earliest wake-up not yet due (a last row without an
    /// incident), in the same statement, so that an idle round is one query, one commit. Due wake-ups this node could
    /// not claim are another sweeper's: they are not waited for (their sweep either commits or is re-checked).
    /// </summary>
    private async Task<(List<Guid> Candidates, DateTimeOffset? NextDue)> CandidatesAsync(SweepLane lane, CancellationToken cancellation)
    {
        await using var command = lane == SweepLane.Replans
            ? dataSource.CreateCommand(
                $"SELECT incident_id, NULL::timestamptz FROM {schema}.{EscalationTables.Replans} GROUP BY incident_id ORDER BY min(signalled_at) LIMIT {Batch}")
            : dataSource.CreateCommand(
                $"""
                 (SELECT incident_id, NULL::timestamptz FROM {schema}.{EscalationTables.WakeUps} WHERE next_at <= $1 ORDER BY priority DESC, next_at LIMIT {Batch})
                 UNION ALL
                 (SELECT NULL, min(next_at) FROM {schema}.{EscalationTables.WakeUps} WHERE next_at > $1)
                 """);
        if (lane == SweepLane.WakeUps) command.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
        var ids = new List<Guid>(Batch);
        DateTimeOffset? nextDue = null;
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            if (!reader.IsDBNull(0)) ids.Add(reader.GetGuid(0));
            else if (!reader.IsDBNull(1)) nextDue = reader.GetFieldValue<DateTimeOffset>(1);
        }
        return (ids, nextDue);
    }

    /// <summary>
    /// A lane's doorbell: a ring ends its sleep at once, and a ring while it is awake makes its next sleep end at once.
    /// The lane resets it when it wakes, before it reads its work, so a ring is never lost: a notice that came before
    /// the reset belongs to a commit the following read sees.
    /// </summary>
    private sealed class Doorbell
    {
        private TaskCompletionSource _rung = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Ring() => Volatile.Read(ref _rung).TrySetResult();

        public async Task SleepAsync(TimeSpan longest, TimeProvider clock, CancellationToken stopping)
        {
            var rung = Volatile.Read(ref _rung).Task;
            if (!rung.IsCompleted && longest > TimeSpan.Zero)
            {
                using var sleeping = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                await Task.WhenAny(rung, Task.Delay(longest, clock, sleeping.Token));
                await sleeping.CancelAsync();
            }
            stopping.ThrowIfCancellationRequested();
            Interlocked.Exchange(ref _rung, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }
}
