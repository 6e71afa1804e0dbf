using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Http;
using BreachDesk.Searching;
using Marten;
using Npgsql;

namespace BreachDesk.Listing;

/// <summary>
/// One page of incidents and the total, for the list (newest first) and the register (oldest first). The total is
/// exact (<paramref name="TotalIsExact"/>) except for a search that matches more than
/// <see cref="IncidentSearch.CountedMatches"/> incidents, whose total is that many: "more than".
/// </summary>
public sealed record IncidentPage(IReadOnlyList<IncidentView> Items, long Total, string? Next, bool TotalIsExact = true);

/// <summary>
/// Pages of incidents in (reported at, id) order that cost little however far in they are. The order's keys are
/// read from narrow indexes (<see cref="ListingConfiguration"/>) and only the page's documents are joined to them:
/// <list type="bullet">
/// <item>after a cursor (keyset): an index range from the cursor on, the same cost on every page;</item>
/// <item>by page number (deferred join): OFFSET over the index alone, never over the documents, from the nearer end;</item>
/// <item>the total: of the list, from the counts per status a trigger keeps (exact, a few rows read); of a search,
/// counted up to <see cref="IncidentSearch.CountedMatches"/>.</item>
/// </list>
/// An index entry is read without its row only where a vacuum has marked the row's page all-visible; the view table is
/// vacuumed often enough for that (<see cref="ListingConfiguration.VacuumAfterRows"/>, decision 0032).
/// All in one statement (one snapshot; a search's with a <c>SET LOCAL</c> before it in the same batch), and the page's
/// JSON is deserialised straight from it.
/// </summary>
public static class IncidentPages
{
    public static Task<IncidentPage> ReadAsync(
        IQuerySession session, NpgsqlDataSource dataSource, IncidentStatus? status, bool newestFirst, PageRequest request,
        CancellationToken cancellation) =>
        ReadAsync(session, dataSource, status, IncidentSearch.None, newestFirst, request, cancellation);

    /// <summary>The same pages, of the incidents that also match <paramref name="search"/>.</summary>
    public static async Task<IncidentPage> ReadAsync(
        IQuerySession session, NpgsqlDataSource dataSource, IncidentStatus? status, IncidentSearch search, bool newestFirst,
        PageRequest request, CancellationToken cancellation)
    {
        var table = session.DocumentStore.Options.Schema.For<IncidentView>();
        var direction = newestFirst ? "DESC" : "ASC";

        // Positional parameters, numbered in the order added; a number may be used more than once.
        var parameters = new List<NpgsqlParameter>();
        string Parameter(NpgsqlParameter value) { parameters.Add(value); return $"${parameters.Count}"; }

        var conditions = new List<string>();
        var statusParameter = status is null ? null : Parameter(new NpgsqlParameter<string> { TypedValue = status.ToString() });
        if (statusParameter is not null) conditions.Add($"status = {statusParameter}");
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        search.AddConditions(conditions, parameters, table, schema);
        var filter = conditions.Count == 0 ? "TRUE" : string.Join(" AND ", conditions);

        var keyset = request.After is { } after
            ? $" AND (reported_at, id) {(newestFirst ? "<" : ">")} ({Parameter(new NpgsqlParameter<DateTimeOffset> { TypedValue = after.At })}, " +
              $"{Parameter(new NpgsqlParameter<Guid> { TypedValue = after.Id })})"
            : "";

        var offset = Parameter(new NpgsqlParameter<long> { TypedValue = request.Offset });
        // One more than the page holds says whether another page follows.
        var limit = Parameter(new NpgsqlParameter<long> { TypedValue = request.PageSize + 1 });
        // One statement, so the total and the page are of one snapshot. The documents are looked up by id for the
        // page's rows only: a scalar subquery per row, an index lookup each, never a join the planner could turn into
        // a scan.
        var keys = search.IsEmpty ? ListKeys(table, schema, statusParameter, filter, keyset, direction, offset, limit)
            : SearchKeys(table, filter, keyset, direction, offset, limit);
        var page = new NpgsqlBatchCommand(
            $"{keys} SELECT n.total, k.id, k.reported_at, (SELECT v.data FROM {table} v WHERE v.id = k.id) " +
            $"FROM n LEFT JOIN k ON TRUE ORDER BY k.reported_at {direction}, k.id {direction}");
        page.Parameters.AddRange(parameters.ToArray());

        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        // A search's branch not taken is still started: planned parallel (its estimate is a walk over many rows), its
        // workers were launched before its one-time filter said no, 10-60 ms at a high load for a one-match search
        // (EXPLAIN ANALYZE). No parallel plan in this transaction, which is only this statement.
        await using var transaction = search.IsEmpty ? null : await connection.BeginTransactionAsync(cancellation);
        await using var command = new NpgsqlBatch(connection, transaction);
        if (transaction is not null) command.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL max_parallel_workers_per_gather = 0"));
        command.BatchCommands.Add(page);

        long total = 0;
        var serializer = session.DocumentStore.Options.Serializer();
        var items = new List<IncidentView>(request.PageSize + 1);
        PageCursor? last = null;
        var more = false;
        await using (var reader = await command.ExecuteReaderAsync(cancellation))
        {
            while (await reader.ReadAsync(cancellation))
            {
                total = reader.GetInt64(0);
                // An empty page is one row with the total and no key; a document deleted meanwhile has no data.
                if (await reader.IsDBNullAsync(1, cancellation) || await reader.IsDBNullAsync(3, cancellation)) continue;
                // The one past the page says another follows; it is not deserialised.
                if (items.Count == request.PageSize) { more = true; break; }
                items.Add(serializer.FromJson<IncidentView>(reader, 3));
                last = new PageCursor(reader.GetFieldValue<DateTimeOffset>(2), reader.GetGuid(1));
            }
        }
        var exact = search.IsEmpty || total <= IncidentSearch.CountedMatches;
        return new IncidentPage(items, exact ? total : IncidentSearch.CountedMatches, more ? last!.ToString() : null, exact);
    }

    /// <summary>
    /// The list's keys: <c>n</c>, the exact total, read from the counts per status (<see cref="IncidentStatusCounts"/>);
    /// <c>k</c>, the page's keys from the narrow index (index-only), from whichever end of the order is nearer: page
    /// 900 of 1,001 skips ~10,000 entries from the end instead of 89,900 from the start (the branch not taken is never
    /// executed: a one-time filter on the exact total). With a cursor the offset is 0, so the near branch is taken.
    /// </summary>
    private static string ListKeys(
        string table, string schema, string? statusParameter, string filter, string keyset, string direction, string offset, string limit)
    {
        var reverse = direction == "DESC" ? "ASC" : "DESC";
        return $"WITH n AS MATERIALIZED ({IncidentStatusCounts.CountSql(schema, statusParameter)}), " +
               $"k AS ((SELECT id, reported_at FROM {table} WHERE {filter}{keyset} AND 2 * {offset} <= (SELECT total FROM n) " +
               $"ORDER BY reported_at {direction}, id {direction} OFFSET {offset} LIMIT {limit}) " +
               $"UNION ALL (SELECT id, reported_at FROM {table} WHERE {filter} AND 2 * {offset} > (SELECT total FROM n) " +
               $"ORDER BY reported_at {reverse}, id {reverse} OFFSET greatest((SELECT total FROM n) - {offset} - {limit}, 0) " +
               $"LIMIT greatest(least({limit}, (SELECT total FROM n) - {offset}), 0)))";
    }

    /// <summary>
    /// A search's keys. <c>m</c>: up to <see cref="IncidentSearch.CountedMatches"/> + 1 matches in any order, which
    /// the planner finds the cheap way (few matches: the words' GIN index; many: the first rows it reads match), and
    /// <c>n</c> counts them. Then one of two branches runs (a one-time filter on that count):
    /// <list type="bullet">
    /// <item>all the matches were counted: the page is sorted from them (at most 1,000 rows already in memory);</item>
    /// <item>more match: many incidents hold the words, so the list's order index is walked from the cursor on and each
    /// row's stored words tested, until the page is full (about pageSize / share of matching rows, 51 rows when
    /// nearly every incident matches).</item>
    /// </list>
    /// </summary>
    private static string SearchKeys(string table, string filter, string keyset, string direction, string offset, string limit)
    {
        var counted = IncidentSearch.CountedMatches;
        return $"WITH m AS MATERIALIZED (SELECT id, reported_at FROM {table} WHERE {filter} LIMIT {counted + 1}), " +
               "n AS MATERIALIZED (SELECT count(*) AS total FROM m), " +
               $"k AS ((SELECT id, reported_at FROM m WHERE (SELECT total FROM n) <= {counted}{keyset} " +
               $"ORDER BY reported_at {direction}, id {direction} OFFSET {offset} LIMIT {limit}) " +
               $"UNION ALL (SELECT id, reported_at FROM {table} WHERE {filter}{keyset} AND (SELECT total FROM n) > {counted} " +
               $"ORDER BY reported_at {direction}, id {direction} OFFSET {offset} LIMIT {limit}))";
    }
}
