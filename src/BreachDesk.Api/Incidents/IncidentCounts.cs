using BreachDesk.Infrastructure.Telemetry;
using BreachDesk.Board;
using BreachDesk.Escalating;
using Marten;

namespace BreachDesk.Incidents;

/// <summary>
/// The counts behind the gauges, from the incident view's status column and the running clocks' table, and kept
/// for <see cref="CacheFor"/>: an exporter (or several, or a scrape) asking every few seconds costs at most one
/// query batch per interval. Gauge callbacks are synchronous, so the refresh blocks the collecting thread (never
/// a request thread) for at most <see cref="QueryTimeout"/>; on failure the last counts stay.
/// </summary>
public sealed class IncidentCounts(IDocumentStore store, Npgsql.NpgsqlDataSource dataSource, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<IncidentCounts> logger) : IIncidentGauges
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private IncidentCountSnapshot? _snapshot;

    public IncidentCountSnapshot? Current()
    {
        // Not before the service has started: a query while the schema is still being applied would make Marten
        // create the view's table a second time, concurrently, and fail the start. (A metrics listener may observe
        // the gauges of a host that is still starting, e.g. when several hosts share a process in tests.)
        if (!lifetime.ApplicationStarted.IsCancellationRequested) return null;
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            if (_snapshot is null || now - _snapshot.TakenAt >= CacheFor)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(QueryTimeout);
                    _snapshot = CountAsync(now, timeout.Token).GetAwaiter().GetResult();
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "Could not count incidents for the gauges; keeping the counts of {TakenAt}.", _snapshot?.TakenAt);
                }
            }
            return _snapshot;
        }
    }

    private async Task<IncidentCountSnapshot> CountAsync(DateTimeOffset now, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var open = await session.Query<IncidentView>().Where(x => x.Status == IncidentStatus.Open).CountAsync(cancellation);

        // The running clocks, by kind and whether due yet: a clock row has a due time exactly while it runs (the
        // domain's rule, applied by the board's projection), so "running" is not restated here. One range scan.
        var table = store.Options.Schema.For<RunningClock>();
        var clocks = new Dictionary<(string Kind, bool Missed), long>();
        await using (var command = dataSource.CreateCommand())
        {
            command.CommandText = $"SELECT data ->> 'kind', due_at < $1, count(*) FROM {table} WHERE due_at IS NOT NULL GROUP BY 1, 2";
            command.Parameters.Add(new Npgsql.NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation)) clocks[(reader.GetString(0), reader.GetBoolean(1))] = reader.GetInt64(2);
        }
        long Count(DeadlineKind kind, bool missed) => clocks.GetValueOrDefault((kind.ToString(), missed));
        return new IncidentCountSnapshot(
            open, Count(DeadlineKind.Dpo, false), Count(DeadlineKind.Dpo, true),
            Count(DeadlineKind.Regulator, false), Count(DeadlineKind.Regulator, true), now);
    }
}
