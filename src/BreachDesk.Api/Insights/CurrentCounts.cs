using BreachDesk.Board;
using BreachDesk.Escalating;
using BreachDesk.Incidents;
using Marten;
using Npgsql;

namespace BreachDesk.Insights;

/// <summary>The state now, whatever the period: open incidents, and clocks running past their due time.</summary>
public sealed record CurrentCounts(int OpenNow, int OverdueNow, int DpoOverdueNow, int RegulatorOverdueNow)
{
    /// <summary>
    /// "Overdue" is read from the running clocks (<see cref="RunningClock"/>), whose due time is set only while the
    /// domain says the clock runs (<c>Incident.IsRunning</c>): a running clock past due is what the deadline board shows
    /// as missed. <c>OverdueNow</c> counts incidents (one with both clocks overdue is one); the others count clocks.
    /// One round trip, two index ranges.
    /// </summary>
    public static async Task<CurrentCounts> ReadAsync(
        IQuerySession session, NpgsqlDataSource dataSource, DateTimeOffset now, CancellationToken cancellation)
    {
        var views = session.DocumentStore.Options.Schema.For<IncidentView>();
        var clocks = session.DocumentStore.Options.Schema.For<RunningClock>();
        await using var batch = dataSource.CreateBatch();
        var open = new NpgsqlBatchCommand($"SELECT count(*) FROM {views} WHERE status = $1");
        open.Parameters.Add(new NpgsqlParameter<string> { TypedValue = IncidentStatus.Open.ToString() });
        var overdue = new NpgsqlBatchCommand($"""
            SELECT count(DISTINCT {RunningClock.IncidentIdSql}),
                   count(*) FILTER (WHERE id LIKE '%' || $2),
                   count(*) FILTER (WHERE id LIKE '%' || $3)
            FROM {clocks} WHERE due_at < $1
            """);
        overdue.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        // The clock's part of its id ("/dpo"), as RunningClock names it.
        foreach (var kind in new[] { DeadlineKind.Dpo, DeadlineKind.Regulator })
            overdue.Parameters.Add(new NpgsqlParameter<string> { TypedValue = RunningClock.IdFor(Guid.Empty, kind)[Guid.Empty.ToString().Length..] });
        batch.BatchCommands.Add(open);
        batch.BatchCommands.Add(overdue);

        await using var reader = await batch.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        var openNow = (int)reader.GetInt64(0);
        await reader.NextResultAsync(cancellation);
        await reader.ReadAsync(cancellation);
        return new CurrentCounts(openNow, (int)reader.GetInt64(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2));
    }

    public int OverdueFor(DeadlineKind kind) => kind == DeadlineKind.Dpo ? DpoOverdueNow : RegulatorOverdueNow;
}
