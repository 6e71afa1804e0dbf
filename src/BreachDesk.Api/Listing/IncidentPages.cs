using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Http;
using Marten;
using Npgsql;

namespace BreachDesk.Listing;

/// <summary>One page of incidents and the total, for the list (newest first) and the register (oldest first).</summary>
public sealed record IncidentPage(IReadOnlyList<IncidentView> Items, long Total, string? Next);

/// <summary>
/// Pages of incidents in (reported at, id) order that cost little however far in they are. The order's keys are
/// read from narrow indexes (<see cref="ListingConfiguration"/>) and only the page's documents are joined to them:
/// <list type="bullet">
/// <item>after a cursor (keyset): an index range from the cursor on, the same cost on every page;</item>
/// <item>by page number (deferred join): OFFSET over the index alone, never over the documents;</item>
/// <item>the total: a count over the same index, answered from the index (an exact count, not an estimate).</item>
/// </list>
/// Both statements go in one round trip, and the page's JSON is deserialised straight from it (no second read by id).
/// </summary>
public static class IncidentPages
{
    public static async Task<IncidentPage> ReadAsync(
        IQuerySession session, NpgsqlDataSource dataSource, IncidentStatus? status, bool newestFirst, PageRequest request,
        CancellationToken cancellation)
    {
        var table = session.DocumentStore.Options.Schema.For<IncidentView>();
        var direction = newestFirst ? "DESC" : "ASC";
        var filter = status is null ? "TRUE" : "status = $1";
        var keyset = request.After is null ? "" : $" AND (reported_at, id) {(newestFirst ? "<" : ">")} ($2, $3)";

        await using var batch = dataSource.CreateBatch();
        var count = new NpgsqlBatchCommand($"SELECT count(*) FROM {table} WHERE {filter}");
        // The keys from the narrow index first (OFFSET over index entries only), then the page's documents joined by id.
        var page = new NpgsqlBatchCommand(
            $"SELECT k.id, k.reported_at, v.data FROM (SELECT id, reported_at FROM {table} WHERE {filter}{keyset} " +
            $"ORDER BY reported_at {direction}, id {direction} OFFSET $4 LIMIT $5) k JOIN {table} v ON v.id = k.id " +
            $"ORDER BY k.reported_at {direction}, k.id {direction}");
        foreach (var command in new[] { count, page })
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = status?.ToString() ?? "" });
            if (command == count) continue;
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = request.After?.At ?? default });
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = request.After?.Id ?? Guid.Empty });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = request.Offset });
            // One more than the page holds says whether another page follows.
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = request.PageSize + 1 });
        }
        batch.BatchCommands.Add(count);
        batch.BatchCommands.Add(page);

        long total;
        var serializer = session.DocumentStore.Options.Serializer();
        var items = new List<IncidentView>(request.PageSize + 1);
        PageCursor? last = null;
        var more = false;
        await using (var reader = await batch.ExecuteReaderAsync(cancellation))
        {
            await reader.ReadAsync(cancellation);
            total = reader.GetInt64(0);
            await reader.NextResultAsync(cancellation);
            // One more than the page holds says whether another page follows; that one is not deserialised.
            while (await reader.ReadAsync(cancellation))
            {
                if (items.Count == request.PageSize) { more = true; break; }
                items.Add(serializer.FromJson<IncidentView>(reader, 2));
                last = new PageCursor(reader.GetFieldValue<DateTimeOffset>(1), reader.GetGuid(0));
            }
        }
        return new IncidentPage(items, total, more ? last!.ToString() : null);
    }
}
