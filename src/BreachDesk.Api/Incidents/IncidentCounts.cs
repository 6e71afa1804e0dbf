using BreachDesk.Infrastructure.Telemetry;
using Marten;

namespace BreachDesk.Incidents;

/// <summary>
/// The counts behind the gauges, from the incident view's indexed columns in one batched round trip, and kept
/// for <see cref="CacheFor"/>: an exporter (or several, or a scrape) asking every few seconds costs at most one
/// query batch per interval. Gauge callbacks are synchronous, so the refresh blocks the collecting thread (never
/// a request thread) for at most <see cref="QueryTimeout"/>; on failure the last counts stay.
/// </summary>
public sealed class IncidentCounts(IDocumentStore store, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<IncidentCounts> logger) : IIncidentGauges
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
        var batch = session.CreateBatchQuery();
        var open = batch.Query<IncidentView>().Where(x => x.Status == IncidentStatus.Open).Count();
        var dpoPending = batch.Query<IncidentView>()
            .Where(x => x.Status == IncidentStatus.Open && x.DpoMetAt == null && x.DpoDueAt >= now).Count();
        var dpoMissed = batch.Query<IncidentView>()
            .Where(x => x.Status == IncidentStatus.Open && x.DpoMetAt == null && x.DpoDueAt < now).Count();
        var regulatorPending = batch.Query<IncidentView>()
            .Where(x => x.Status == IncidentStatus.Open && x.RegulatorRequired && x.RegulatorMetAt == null && x.RegulatorDueAt >= now).Count();
        var regulatorMissed = batch.Query<IncidentView>()
            .Where(x => x.Status == IncidentStatus.Open && x.RegulatorRequired && x.RegulatorMetAt == null && x.RegulatorDueAt < now).Count();
        await batch.Execute(cancellation);
        return new IncidentCountSnapshot(
            await open, await dpoPending, await dpoMissed, await regulatorPending, await regulatorMissed, now);
    }
}
