using BreachDesk.Escalating;
using BreachDesk.Infrastructure.Database;
using Npgsql;

namespace BreachDesk.Bench;

/// <summary>
/// How far the service's background work has got, read from its tables: checkpoints waiting as Wolverine scheduled
/// messages, messages waiting in the durable local queues, and how far the <c>incident-events</c> subscription is
/// behind the event store.
/// </summary>
public sealed class BackgroundWork(string connection) : IAsyncDisposable
{
    private const string S = MartenConfiguration.Schema;
    private readonly NpgsqlDataSource _db = NpgsqlDataSource.Create(connection);

    public sealed record Snapshot(long ScheduledCheckpoints, long Incoming, long SubscriptionLag, long Events)
    {
        public bool Quiet => Incoming == 0 && SubscriptionLag == 0;
        public override string ToString() =>
            $"{ScheduledCheckpoints:N0} checkpoints scheduled, {Incoming:N0} messages queued, subscription {SubscriptionLag:N0} events behind";
    }

    /// <summary>Checkpoints a report plans ahead with the default policy: all but the one fired at report time.</summary>
    public static int CheckpointsPerReport { get; } =
        EscalationPolicy.Default.Dpo.Checkpoints.Count(c => !c.AtReport) + EscalationPolicy.Default.Regulator.Checkpoints.Count(c => !c.AtReport);

    public async Task<Snapshot> ReadAsync()
    {
        await using var command = _db.CreateCommand(
            $"""
             SELECT
               (SELECT count(*) FROM {S}.wolverine_incoming_envelopes WHERE status = 'Scheduled' AND message_type = $1),
               (SELECT count(*) FROM {S}.wolverine_incoming_envelopes WHERE status = 'Incoming'),
               (SELECT coalesce(max(seq_id), 0) FROM {S}.mt_events)
                 - coalesce((SELECT last_seq_id FROM {S}.mt_event_progression WHERE name = '{MartenConfiguration.IncidentEventsSubscription}:All'), 0),
               (SELECT coalesce(max(seq_id), 0) FROM {S}.mt_events)
             """);
        command.Parameters.Add(new NpgsqlParameter { Value = typeof(EscalationCheckpointReached).FullName });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Snapshot(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    /// <summary>Polls until <paramref name="done"/> holds twice in a row (or the time is up); prints progress now and then.</summary>
    public async Task<(Snapshot Last, bool Reached)> WaitAsync(Func<Snapshot, bool> done, TimeSpan within, string what)
    {
        var until = DateTime.UtcNow + within;
        var lastPrint = DateTime.UtcNow;
        var hits = 0;
        while (true)
        {
            var now = await ReadAsync();
            hits = done(now) ? hits + 1 : 0;
            if (hits >= 2) return (now, true);
            if (DateTime.UtcNow > until) return (now, false);
            if (DateTime.UtcNow - lastPrint > TimeSpan.FromSeconds(30))
            {
                Console.WriteLine($"  {DateTime.UtcNow:HH:mm:ss} waiting for {what}: {now}");
                lastPrint = DateTime.UtcNow;
            }
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
