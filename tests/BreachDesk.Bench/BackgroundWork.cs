using BreachDesk.Escalating.Sweeping;
using BreachDesk.Infrastructure.Database;
using System.Diagnostics;
using Npgsql;

namespace BreachDesk.Bench;

/// <summary>
/// How far the service's background work has got, read from its tables: the escalation wake-ups (one per incident
/// with a running clock), replan signals the sweeper has yet to handle, and messages waiting in the durable local queues.
/// </summary>
public sealed class BackgroundWork(string connection) : IAsyncDisposable
{
    private const string S = MartenConfiguration.Schema;
    private readonly NpgsqlDataSource _db = NpgsqlDataSource.Create(connection);

    /// <summary><see cref="Incoming"/> is null when not counted (see <see cref="ReadAsync"/>).</summary>
    public sealed record Snapshot(long WakeUps, long? Incoming, long ReplansPending, long Events)
    {
        public bool Quiet => Incoming == 0 && ReplansPending == 0;
        public override string ToString() =>
            $"{WakeUps:N0} wake-ups, {Incoming?.ToString("N0") ?? "(not counted)"} messages queued, {ReplansPending:N0} replan signals pending";
    }

    /// <summary>Wake-ups a report leaves with the default policy: one per incident, whatever its clocks and checkpoints.</summary>
    public static int WakeUpsPerReport => 1;

    /// <summary>
    /// Cheap enough to poll while the service works: wake-ups are one row per open incident, replan signals are few.
    /// Queued messages have no index, so they are counted only once the sweeper has caught up, when the end is near.
    /// </summary>
    public async Task<Snapshot> ReadAsync()
    {
        await using var command = _db.CreateCommand(
            $"""
             SELECT
               (SELECT count(*) FROM {S}.{EscalationTables.WakeUps}),
               (SELECT count(*) FROM {S}.{EscalationTables.Replans}),
               (SELECT coalesce(max(seq_id), 0) FROM {S}.mt_events)
             """);
        long scheduled, lag, events;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            (scheduled, lag, events) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }
        long? incoming = null;
        if (lag == 0)
        {
            await using var count = _db.CreateCommand($"SELECT count(*) FROM {S}.wolverine_incoming_envelopes WHERE status = 'Incoming'");
            incoming = (long)(await count.ExecuteScalarAsync())!;
        }
        return new Snapshot(scheduled, incoming, lag, events);
    }

    /// <summary>Polls until <paramref name="done"/> holds twice in a row (or once when the time is up); prints progress now and then.</summary>
    public async Task<(Snapshot Last, bool Reached)> WaitAsync(Func<Snapshot, bool> done, TimeSpan within, string what, double pollSeconds = 5)
    {
        var until = DateTime.UtcNow + within;
        var lastPrint = DateTime.UtcNow;
        var hits = 0;
        while (true)
        {
            var now = await ReadAsync();
            hits = done(now) ? hits + 1 : 0;
            if (hits >= 2 || (hits == 1 && DateTime.UtcNow > until)) return (now, true);
            if (DateTime.UtcNow > until) return (now, false);
            if (DateTime.UtcNow - lastPrint > TimeSpan.FromSeconds(30))
            {
                Console.WriteLine($"  {DateTime.UtcNow:HH:mm:ss} waiting for {what}: {now}");
                lastPrint = DateTime.UtcNow;
            }
            await Task.Delay(TimeSpan.FromSeconds(pollSeconds));
        }
    }

    /// <summary>
    /// After a load run: waits until the background work it caused (sweeper, alert handlers) is done, so that the run's
    /// CPU and counters include it, and says how long that took and what rate the service could therefore sustain.
    /// </summary>
    public async Task<string> DrainAfterAsync(long operations, TimeSpan elapsed)
    {
        var clock = Stopwatch.StartNew();
        var (last, quiet) = await WaitAsync(s => s.Quiet, TimeSpan.FromMinutes(3), "the background work to drain", pollSeconds: 0.5);
        if (!quiet) return $"background NOT drained after {clock.Elapsed.TotalSeconds:N0} s: {last}";
        return $"background drained {clock.Elapsed.TotalSeconds:N0} s later (sustained {operations / (elapsed + clock.Elapsed).TotalSeconds:N1}/s); CPU includes it";
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
