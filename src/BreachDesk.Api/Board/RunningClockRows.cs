using Marten;
using Npgsql;

namespace BreachDesk.Board;

/// <summary>The columns of a running clock the board shows.</summary>
public sealed record RunningClockRow(Guid IncidentId, string Reference, string Title, string Kind, DateTimeOffset DueAt);

/// <summary>
/// Reads the board's clocks as an index range in the board's order, <c>(due_at, data ->> 'reference')</c> (one index, <see cref="BoardConfiguration"/>), and stops at the limit.
/// Only the few fields the board shows are taken from each row: a clock document also holds the folded incident (its
/// write model), which the board never needs, and deserialising 500 of them was most of the board's time.
/// </summary>
public static class RunningClockRows
{
    public static async IAsyncEnumerable<RunningClockRow> ReadAsync(
        IQuerySession session, NpgsqlDataSource dataSource, DateTimeOffset horizon, DateTimeOffset? notBefore, int limit,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        var table = session.DocumentStore.Options.Schema.For<RunningClock>();
        // A stopped clock's due_at is null, outside every range.
        var since = notBefore is null ? "" : " AND due_at >= $2";
        await using var command = dataSource.CreateCommand(
            $"SELECT {RunningClock.IncidentIdSql}::uuid, data ->> 'reference', data ->> 'title', lower(data ->> 'kind'), due_at FROM {table} " +
            $"WHERE due_at <= $1{since} ORDER BY due_at, (data ->> 'reference') LIMIT $3");
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = horizon });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = notBefore ?? default });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            yield return new RunningClockRow(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4));
    }
}
