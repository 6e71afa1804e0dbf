using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace BreachDesk.Bench;

/// <summary>
/// The raw limit of the side-by-side rows, from pgbench (PostgreSQL's own load tool, so no .NET client is in the way):
/// one jsonb row of the report's payload inserted per transaction, prepared, from as many clients as the services get,
/// 2 threads. The table has a bigint identity key, the cheapest there is: this is the ceiling, not a design.
/// Latencies come from pgbench's per-transaction log.
/// </summary>
public static partial class PgBench
{
    public const string Table = "bench_raw_pgbench";

    public static async Task<Wrk.Result> InsertAsync(string connection, string payload, int clients, TimeSpan duration)
    {
        var db = new NpgsqlConnectionStringBuilder(connection);
        await using (var source = NpgsqlDataSource.Create(connection))
        await using (var create = source.CreateCommand($"CREATE TABLE IF NOT EXISTS {Table} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body jsonb NOT NULL)"))
            await create.ExecuteNonQueryAsync();

        var dir = Directory.CreateTempSubdirectory("bench-pgbench-");
        try
        {
            var script = Path.Combine(dir.FullName, "insert.sql");
            await File.WriteAllTextAsync(script, $"INSERT INTO {Table} (body) VALUES (:payload::jsonb);\n");
            var start = new ProcessStartInfo("pgbench") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            if (db.Password is { } password) start.Environment["PGPASSWORD"] = password;
            foreach (var arg in new[] { "-n", "-h", db.Host!, "-p", db.Port.ToString(CultureInfo.InvariantCulture), "-U", db.Username!,
                         "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", $"{duration.TotalSeconds:0}", "-M", "prepared",
                         "-f", script, "-D", $"payload={payload}", "-l", $"--log-prefix={Path.Combine(dir.FullName, "tx")}", db.Database! })
                start.ArgumentList.Add(arg);
            using var pgbench = Process.Start(start) ?? throw new InvalidOperationException("pgbench did not start (Debian package postgresql-client).");
            var stdout = pgbench.StandardOutput.ReadToEndAsync();
            var stderr = pgbench.StandardError.ReadToEndAsync();
            await pgbench.WaitForExitAsync();
            var text = await stdout + await stderr;
            if (pgbench.ExitCode != 0) throw new InvalidOperationException($"pgbench failed (exit {pgbench.ExitCode}): {text}");

            long Number(Regex pattern) => long.Parse(pattern.Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
            var done = Number(Processed());
            var failed = Failed().Match(text) is { Success: true } f ? long.Parse(f.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            var tps = double.Parse(Tps().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);

            // Log lines: client_id transaction_no time_us script_no epoch epoch_us.
            var latencies = dir.EnumerateFiles("tx*").SelectMany(file => File.ReadLines(file.FullName))
                .Select(l => l.Split(' ')).Where(f => f.Length >= 3 && long.TryParse(f[2], out _))
                .Select(f => long.Parse(f[2], CultureInfo.InvariantCulture) / 1000.0).Order().ToArray();
            double At(double q) => latencies.Length == 0 ? double.NaN : Math.Round(latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)], 2);
            // pgbench's rate leaves out the time its clients took to connect; the elapsed time follows from it.
            return new Wrk.Result(done + failed, failed, TimeSpan.FromSeconds(done / tps), At(0.50), At(0.95), At(0.99), latencies.Length == 0 ? double.NaN : Math.Round(latencies[^1], 2));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"number of transactions actually processed: (\d+)")] private static partial Regex Processed();
    [GeneratedRegex(@"number of failed transactions: (\d+)")] private static partial Regex Failed();
    [GeneratedRegex(@"tps = ([\d.]+) \(without initial connection time\)")] private static partial Regex Tps();
}
