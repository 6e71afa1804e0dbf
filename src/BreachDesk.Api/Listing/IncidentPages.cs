using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Http;
using BreachDesk.Searching;
using Marten;
using Npgsql;

namespace BreachDesk.Listing;

/// <summary>One page of incidents and the total, for the list (newest first) and the register (oldest first).</summary>
public sealed record IncidentPage(IReadOnlyList<IncidentView> Items, long Total, string? Next);

/// <summary>
/// Pages of incidents in (reported at, id) order that cost little however far in they are. The order's keys are
/// read from narrow indexes (<see cref="ListingConfiguration"/>) and only the page's documents are loaded:
/// <list type="bullet">
/// <item>after a cursor (keyset): an index range from the cursor on, the same cost on every page;</item>
/// <item>by page number (deferred join): OFFSET over the index alone, never over the documents;</item>
/// <item>the total: a count over the same index, answered from the index (an exact count, not an estimate).</item>
/// </list>
/// Both statements go in one round trip.
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

        // Positional parameters, numbered in the order added; both statements share the filter's.
        var conditions = new List<string>();
        var filterParameters = new List<NpgsqlParameter>();
        if (status is not null)
        {
            filterParameters.Add(new NpgsqlParameter<string> { TypedValue = status.ToString() });
            conditions.Add($"status = ${filterParameters.Count}");
        }
        search.AddConditions(conditions, filterParameters);
        var filter = conditions.Count == 0 ? "TRUE" : string.Join(" AND ", conditions);

        var pageParameters = filterParameters.Select(p => p.Clone()).ToList();
        var keyset = "";
        if (request.After is { } after)
        {
            pageParameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = after.At });
            pageParameters.Add(new NpgsqlParameter<Guid> { TypedValue = after.Id });
            keyset = $" AND (reported_at, id) {(newestFirst ? "<" : ">")} (${pageParameters.Count - 1}, ${pageParameters.Count})";
        }
        pageParameters.Add(new NpgsqlParameter<long> { TypedValue = request.Offset });
        // One more than the page holds says whether another page follows.
        pageParameters.Add(new NpgsqlParameter<int> { TypedValue = request.PageSize + 1 });

        await using var batch = dataSource.CreateBatch();
        var count = new NpgsqlBatchCommand($"SELECT count(*) FROM {table} WHERE {filter}");
        count.Parameters.AddRange(filterParameters.ToArray());
        var page = new NpgsqlBatchCommand(
            $"SELECT id, reported_at FROM {table} WHERE {filter}{keyset} " +
            $"ORDER BY reported_at {direction}, id {direction} OFFSET ${pageParameters.Count - 1} LIMIT ${pageParameters.Count}");
        page.Parameters.AddRange(pageParameters.ToArray());
        batch.BatchCommands.Add(count);
        batch.BatchCommands.Add(page);

        long total;
        var keys = new List<PageCursor>(request.PageSize + 1);
        await using (var reader = await batch.ExecuteReaderAsync(cancellation))
        {
            await reader.ReadAsync(cancellation);
            total = reader.GetInt64(0);
            await reader.NextResultAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
                keys.Add(new PageCursor(reader.GetFieldValue<DateTimeOffset>(1), reader.GetGuid(0)));
        }

        var more = keys.Count > request.PageSize;
        if (more) keys.RemoveAt(keys.Count - 1);
        var documents = (await session.LoadManyAsync<IncidentView>(cancellation, keys.Select(k => k.Id)))
            .ToDictionary(v => v.Id);
        // A document deleted between the two reads is left out rather than answered as null.
        var items = keys.Where(k => documents.ContainsKey(k.Id)).Select(k => documents[k.Id]).ToList();
        return new IncidentPage(items, total, more ? keys[^1].ToString() : null);
    }
}
