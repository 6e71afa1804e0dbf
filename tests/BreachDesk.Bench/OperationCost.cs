using Npgsql;

namespace BreachDesk.Bench;

/// <summary>
/// What the operations of one side-by-side row cost, from counters read before and after (background work drained):
/// commits of the target's database (<c>pg_stat_database.xact_commit</c>), WAL written by the cluster
/// (<c>pg_current_wal_lsn()</c>; the idle services' own polling is in it too, a few KiB per row), rows written
/// (<c>pg_stat_database</c>: inserted + updated + deleted, every table), durable envelope rows
/// written (inserts into the database's <c>wolverine_*_envelopes</c> and dead-letter tables, <c>pg_stat_user_tables</c>),
/// and the CPU of the target's process and of the whole PostgreSQL cluster (<see cref="CpuMeter"/>).
/// The counters of <c>pg_stat_*</c> reach the shared statistics up to a second after each backend's transaction, so the
/// closing reading of those waits <see cref="StatsSettle"/> first; WAL and CPU are read at once.
/// </summary>
public sealed class OperationCost
{
    private static readonly TimeSpan StatsSettle = TimeSpan.FromSeconds(3);
    private readonly string _database;
    private readonly CpuMeter _cpu;
    private readonly Reading _before;

    public sealed record Totals(long Commits, long WalBytes, long RowsWritten, long EnvelopeRows, double? ServiceCpuSeconds, double? PostgresCpuSeconds);

    private sealed record Reading(long Commits, long WalBytes, long RowsWritten, long EnvelopeRows);

    private OperationCost(string database, CpuMeter cpu, Reading before) => (_database, _cpu, _before) = (database, cpu, before);

    /// <summary>Starts counting for the database behind <paramref name="database"/> and the process <paramref name="servicePid"/> (none for the limit).</summary>
    public static async Task<OperationCost> StartAsync(string database, int? servicePid, int? postmasterPid)
    {
        var cpu = new CpuMeter(servicePid ?? -1, postmasterPid);
        var before = await ReadAsync(database);
        cpu.Take();
        return new OperationCost(database, cpu, before);
    }

    public async Task<Totals> EndAsync()
    {
        var (service, postgres) = _cpu.Take();
        var wal = (await ReadAsync(_database)).WalBytes;
        await Task.Delay(StatsSettle);
        var after = await ReadAsync(_database);
        return new Totals(after.Commits - _before.Commits, wal - _before.WalBytes, after.RowsWritten - _before.RowsWritten, after.EnvelopeRows - _before.EnvelopeRows, service, postgres);
    }

    private static async Task<Reading> ReadAsync(string database)
    {
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()),
                   pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint,
                   (SELECT tup_inserted + tup_updated + tup_deleted FROM pg_stat_database WHERE datname = current_database()),
                   (SELECT coalesce(sum(n_tup_ins), 0)::bigint FROM pg_stat_user_tables
                    WHERE relname IN ('wolverine_incoming_envelopes', 'wolverine_outgoing_envelopes', 'wolverine_dead_letters'))
            """, db);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Reading(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }
}
