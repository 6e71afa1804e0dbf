using Npgsql;

namespace BreachDesk.Bench;

/// <summary>
/// PostgreSQL's own counters for the benchmark database (<c>pg_stat_database</c>: commits, rows written) and the
/// cluster (<c>pg_stat_wal</c>: WAL written and flushed; cluster-wide, so only meaningful on the benchmark's private
/// cluster). Backends publish their counts within a second or so of each transaction, so a short span may miss the
/// last few.
/// </summary>
public sealed class DatabaseCounters(string connection)
{
    public sealed record Counts(long Commits, long RowsInserted, long RowsUpdated, long RowsDeleted, long WalBytes, long WalSyncs)
    {
        public static Counts operator -(Counts a, Counts b) => new(a.Commits - b.Commits, a.RowsInserted - b.RowsInserted,
            a.RowsUpdated - b.RowsUpdated, a.RowsDeleted - b.RowsDeleted, a.WalBytes - b.WalBytes, a.WalSyncs - b.WalSyncs);

        /// <summary>Per operation, for the notes and docs: "12.1 commits, 30.2 rows written, 14 KiB WAL".</summary>
        public string Per(long operations, string what) => operations == 0 ? "" :
            $"per {what}: {Commits / (double)operations:N1} commits, {(RowsInserted + RowsUpdated + RowsDeleted) / (double)operations:N1} rows written, " +
            $"{WalBytes / 1024.0 / operations:N1} KiB WAL";
    }

    private Counts? _last;

    public async Task<Counts?> TakeAsync()
    {
        try
        {
            await using var db = new NpgsqlConnection(connection);
            await db.OpenAsync();
            await using var command = new NpgsqlCommand(
                """
                SELECT d.xact_commit, d.tup_inserted, d.tup_updated, d.tup_deleted, w.wal_bytes::bigint, w.wal_sync
                FROM pg_stat_database d, pg_stat_wal w WHERE d.datname = current_database()
                """, db);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var now = new Counts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
            var last = _last;
            _last = now;
            return last is null ? null : now - last;
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }
}
