using BreachDesk.Incidents;
using System.Data;
using System.Diagnostics;
using System.Text.RegularExpressions;
using BreachDesk.Infrastructure.Database;
using BreachDesk.Tests.Support;
using Npgsql;

namespace BreachDesk.Bench;

/// <summary>
/// 4b. Rebuilding every projection from the event store with the command docs/operations.md gives operators
/// (<c>dotnet BreachDesk.Api.dll projections rebuild</c>, run as its own process with the service stopped), against a
/// plain sequential read of the events table through Npgsql. Before the rebuild, a sample of the views' rows is deleted
/// and another is overwritten; afterwards every row must equal what the service had built inline, the damaged ones
/// included, and the escalation wake-ups and queued messages must be untouched.
/// </summary>
public static partial class RebuildPhase
{
    private const string S = MartenConfiguration.Schema;
    // With a field each that no index makes unique, to overwrite.
    private static readonly (string Projection, string Table, string Field)[] Views =
        [("IncidentView", $"{S}.mt_doc_incidentview", "title"), ("EscalationView", $"{S}.mt_doc_escalationview", "checkpoint")];

    public static async Task RunAsync(BenchRun bench)
    {
        // docs/operations.md: stop writes while an inline projection is rebuilt. An idle instance still fires checkpoints.
        Console.WriteLine("Stopping the service for the rebuild...");
        bench.Service.Kill();

        await using var db = NpgsqlDataSource.Create(bench.Connection);
        var events = await ScalarAsync(db, $"SELECT count(*) FROM {S}.mt_events");

        // The limit: every event's body, in order, once to warm the cache and once measured.
        await SequentialReadAsync(db);
        bench.Cpu.Take();
        var (read, bytes) = await SequentialReadAsync(db);
        var readRow = Measurement.Rate("rebuild: sequential read (Npgsql)", events, read, null,
            $"SELECT data FROM mt_events ORDER BY seq_id, {bytes / 1024.0 / 1024:N0} MiB of JSON, warm cache; no service CPU: the reader is the benchmark")
            with { PostgresCpuSeconds = bench.Cpu.Take().Postgres };
        bench.Add(readRow);

        var (rows, damaged) = await SnapshotAndDamageAsync(db);
        var before = await WorkAsync(db);

        await bench.Database.TakeAsync();
        bench.Cpu.Take();
        var run = await RunRebuildCommandAsync(bench.Connection);
        var postgresCpu = bench.Cpu.Take().Postgres;
        var counters = await bench.Database.TakeAsync();
        var after = await WorkAsync(db);
        var differing = await ScalarAsync(db,
            $"""
             SELECT count(*) FROM bench_views_before b
             FULL JOIN (SELECT 'IncidentView' AS projection, id, md5(data::text) AS hash FROM {Views[0].Table}
                        UNION ALL SELECT 'EscalationView', id, md5(data::text) FROM {Views[1].Table}) a
               ON a.projection = b.projection AND a.id = b.id
             WHERE a.hash IS DISTINCT FROM b.hash
             """);

        var perProjection = string.Join(", ", run.PerProjectionMs.Select(p => $"{p.Key} {p.Value / 1000.0:N1} s"));
        var untouched = before == after ? "subscription and checkpoints untouched" : $"CHANGED: before {before}, after {after}";
        var rebuildTime = TimeSpan.FromMilliseconds(run.RebuildMs ?? run.Wall.TotalMilliseconds);
        bench.Add(Measurement.Rate("rebuild: all projections (command)", events, rebuildTime, run.PeakMiB,
            $"{(run.ExitCode == 0 ? "" : $"EXIT {run.ExitCode}; ")}{rebuildTime.TotalSeconds / read.TotalSeconds:N0}x the read; {perProjection}; " +
            $"process {run.Wall.TotalSeconds:N1} s with start; {rows:N0} rows, {damaged} damaged first, {differing} differ after; {untouched}; " +
            "peak MiB and svc CPU of the command's process", errors: differing)
            with { ServiceCpuSeconds = run.CpuSeconds, PostgresCpuSeconds = postgresCpu, Database = counters });
        bench.Details["rebuild"] = new
        {
            events, sequentialReadSeconds = read.TotalSeconds, sequentialReadMiB = Math.Round(bytes / 1024.0 / 1024, 1),
            command = "dotnet BreachDesk.Api.dll projections rebuild", exitCode = run.ExitCode, rebuildMs = run.RebuildMs,
            processSeconds = Math.Round(run.Wall.TotalSeconds, 1), perProjectionMs = run.PerProjectionMs, viewRows = rows,
            damagedBefore = damaged, differingAfter = differing, backgroundBefore = before, backgroundAfter = after, output = run.OutputTail,
        };
    }

    private static async Task<(TimeSpan Elapsed, long Bytes)> SequentialReadAsync(NpgsqlDataSource db)
    {
        var clock = Stopwatch.StartNew();
        await using var command = db.CreateCommand($"SELECT data FROM {S}.mt_events ORDER BY seq_id");
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess);
        long bytes = 0;
        while (await reader.ReadAsync()) bytes += reader.GetString(0).Length;
        return (clock.Elapsed, bytes);
    }

    /// <summary>Keeps a hash of every view row, then deletes 1 % of each view's rows and overwrites another 1 %.</summary>
    private static async Task<(long Rows, long Damaged)> SnapshotAndDamageAsync(NpgsqlDataSource db)
    {
        await ExecuteAsync(db,
            $"""
             DROP TABLE IF EXISTS bench_views_before;
             CREATE TABLE bench_views_before AS
               SELECT 'IncidentView'::text AS projection, id, md5(data::text) AS hash FROM {Views[0].Table}
               UNION ALL SELECT 'EscalationView', id, md5(data::text) FROM {Views[1].Table};
             """);
        var rows = await ScalarAsync(db, "SELECT count(*) FROM bench_views_before");
        long damaged = 0;
        foreach (var (_, table, field) in Views)
        {
            damaged += await ExecuteAsync(db, $"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} ORDER BY md5(id::text) LIMIT (SELECT count(*) / 100 + 1 FROM {table}))");
            damaged += await ExecuteAsync(db, $"UPDATE {table} SET data = jsonb_set(data, '{{{field}}}', '\"DAMAGED\"') WHERE id IN (SELECT id FROM {table} ORDER BY md5(id::text) DESC LIMIT (SELECT count(*) / 100 + 1 FROM {table}))");
        }
        return (rows, damaged);
    }

    /// <summary>What a rebuild must not touch: the escalation wake-ups, the sweeper's replan signals (a rebuild that
    /// signalled every incident left the next start a sweep per incident) and the scheduled and queued messages.</summary>
    private static async Task<string> WorkAsync(NpgsqlDataSource db) =>
        $"{await ScalarAsync(db, $"SELECT count(*) FROM {S}.{BreachDesk.Escalating.Sweeping.EscalationTables.WakeUps}")} escalation wake-ups, " +
        $"{await ScalarAsync(db, $"SELECT count(*) FROM {S}.{BreachDesk.Escalating.Sweeping.EscalationTables.Replans}")} replan signals, " +
        $"{await ScalarAsync(db, $"SELECT count(*) FROM {S}.wolverine_incoming_envelopes WHERE status <> 'Handled'")} messages scheduled or queued";

    private sealed record CommandRun(int ExitCode, TimeSpan Wall, long? RebuildMs, Dictionary<string, long> PerProjectionMs, double? PeakMiB,
        double? CpuSeconds, string OutputTail);

    private static async Task<CommandRun> RunRebuildCommandAsync(string connection)
    {
        Console.WriteLine("Running: dotnet BreachDesk.Api.dll projections rebuild");
        var api = ServiceProcess.ApiAssembly();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { api, "projections", "rebuild" },
            WorkingDirectory = Path.GetDirectoryName(api)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ConnectionStrings__BreachDesk"] = connection;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        using var memory = new MemorySampler(process.Id);
        var cpu = new CpuMeter(process.Id, null);
        cpu.Take();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // Summed while it runs: an exited process's CPU time can no longer be read.
        double processCpu = 0;
        while (!process.HasExited)
        {
            await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(200));
            processCpu += cpu.Take().Service ?? 0;
        }
        var wall = clock.Elapsed;
        var output = await stdout + await stderr;

        var perProjection = FinishedProjection().Matches(output).ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value));
        var total = FinishedRebuild().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value) : (long?)null;
        // The command's own work after Marten's (decision 0033) is part of the rebuild: counted in, and shown.
        if (RefilledKeptTables().Match(output) is { Success: true } refill)
        {
            perProjection["refill of trigger-kept tables"] = long.Parse(refill.Groups[1].Value);
            total += long.Parse(refill.Groups[1].Value);
        }
        var tail = string.Join('\n', output.Split('\n').Where(l => !l.StartsWith("Searching ") && !l.Contains("for commands")).TakeLast(15));
        if (process.ExitCode != 0) Console.WriteLine(tail);
        return new CommandRun(process.ExitCode, wall, total, perProjection, memory.TakePeakMiB(), Math.Round(processCpu, 1), tail);
    }

    [GeneratedRegex(@"Finished rebuilding (\w+) in (\d+) ms")]
    private static partial Regex FinishedProjection();

    [GeneratedRegex(@"Finished rebuild in (\d+) ms")]
    private static partial Regex FinishedRebuild();

    [GeneratedRegex(@"Refilled the tables kept by .* in (\d+) ms")]
    private static partial Regex RefilledKeptTables();

    private static async Task<long> ScalarAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static async Task<int> ExecuteAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        return await command.ExecuteNonQueryAsync();
    }
}
