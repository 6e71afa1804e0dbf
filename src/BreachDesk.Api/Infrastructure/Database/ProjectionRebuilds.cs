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

    /// <summary>The per-projection part, given to each stored projection's registration.</summary>
    public static void Tune(AsyncOptions options)
    {
        options.BatchSize = EventsPerPage;
        options.MaximumHopperSize = 2 * EventsPerPage;
    }
}
