using JasperFx.Events.Projections;
using Marten;

namespace BreachDesk.Infrastructure.Database;

/// <summary>
/// How Marten's projection daemon replays a stored projection when an operator runs <c>projections rebuild</c>
/// (decision 0028). Every stored projection here is inline, so these settings act only in a rebuild: inline
/// projections never run in the daemon otherwise.
/// </summary>
public static class ProjectionRebuilds
{
    /// <summary>Events read per page. Marten's default, 500, made a rebuild of 200,000 events 400 round trips,
    /// transactions and progress updates per projection; events here are small (a few hundred bytes).</summary>
    public const int EventsPerPage = 5_000;

    /// <summary>
    /// Aggregates kept in memory between writes. With it, the daemon writes each document once per window instead of
    /// once per page it appears in, and a document first written in that window is a plain insert, so the window goes
    /// to PostgreSQL by binary COPY (<see cref="Configure"/>) rather than one upsert function call per document.
    /// Bounds the rebuild's memory: about 2 KiB per incident view.
    /// </summary>
    public const int DocumentsPerWrite = 20_000;

    /// <summary>The store-wide part: rebuild writes that are pure inserts go by COPY.</summary>
    public static void Configure(StoreOptions options) => options.Projections.RebuildWithBulkCopy = true;

    /// <summary>The per-projection part, given to each stored projection's registration.</summary>
    public static void Tune(AsyncOptions options)
    {
        options.BatchSize = EventsPerPage;
        options.MaximumHopperSize = 2 * EventsPerPage;
        options.RebuildFlushThreshold = DocumentsPerWrite;
    }
}
