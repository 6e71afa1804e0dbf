using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace BreachDesk.Bench;

/// <summary>
/// Side-by-side ingest (issue 12), in one run on one PostgreSQL server: <c>POST /api/incidents</c> of BreachDesk, the raw
/// limit (pgbench inserting the same payload as one jsonb row per transaction) and, when given, an already running peer
/// (Wolverine's IncidentService sample, <c>POST /api/incidents</c>, in its own database on the same server), at each
/// client count for the same time, all HTTP load from wrk. Each row waits until the target's background work has
/// drained and then gives its cost per operation from PostgreSQL's counters and /proc (<see cref="OperationCost"/>).
/// </summary>
public static class SideBySidePhase
{
    public sealed record Row(string Target, int Clients, long Ok, long Errors, double PerSecond, double P50Ms, double P99Ms, double MaxMs,
        double? DrainSeconds, double SustainedPerSecond, double CommitsPerOp, double WalKiBPerOp, double RowsWrittenPerOp, double EnvelopeRowsPerOp,
        double? ServiceCpuMsPerOp, double? PostgresCpuMsPerOp, double? PeakMiB);

    private sealed record Target(string Name, Uri Url, string Body, IReadOnlyDictionary<string, string> Headers, string Database,
        int Pid, MemorySampler Memory, Func<Task<bool>> Drained);

    public static async Task RunAsync(BenchRun bench)
    {
        var options = bench.Options;
        var postmaster = bench.Cpu.PostmasterPid;
        await using var work = new BackgroundWork(bench.Connection);
        var ourQueues = new EnvelopeQueues(bench.Connection);
        var targets = new List<Target>
        {
            new("BreachDesk POST /api/incidents", new Uri(bench.Service.BaseAddress, "/api/incidents"), BreachDeskBody(),
                new Dictionary<string, string> { ["X-Api-Key"] = "dev-reporter" }, bench.Connection, bench.Service.ProcessId, bench.Memory,
                async () => (await work.ReadAsync()).Quiet && await ourQueues.PendingAsync() == 0),
        };
        using var peerMemory = options.PeerPid is { } peerPid ? new MemorySampler(peerPid) : null;
        if (options.PeerUrl is { } peerUrl)
        {
            var peerDb = new NpgsqlConnectionStringBuilder(options.Server) { Database = options.PeerDatabase }.ConnectionString;
            var peerQueues = new EnvelopeQueues(peerDb);
            targets.Add(new("peer: Wolverine IncidentService sample", new Uri(peerUrl, "/api/incidents"), PeerBody(), new Dictionary<string, string>(),
                peerDb, options.PeerPid!.Value, peerMemory!, async () => await peerQueues.PendingAsync() == 0));
        }

        // JIT, code generation and connection pools warm for every service alike, before anything is timed.
        foreach (var target in targets) await WarmUpAsync(target);

        var rows = new List<Row>();
        foreach (var clients in options.SideClients)
        {
            rows.Add(await MeasureAsync(bench, targets[0], clients, postmaster));
            rows.Add(await MeasureLimitAsync(bench, clients, postmaster));
            foreach (var peer in targets.Skip(1)) rows.Add(await MeasureAsync(bench, peer, clients, postmaster));
        }
        var table = Markdown(rows);
        Console.WriteLine();
        Console.WriteLine(table);
        bench.Details["sideBySide"] = new { seconds = options.SideSeconds.TotalSeconds, peer = options.PeerUrl?.ToString(), rows, table };
    }

    private static async Task<Row> MeasureAsync(BenchRun bench, Target target, int clients, int? postmaster)
    {
        target.Memory.TakePeakMiB();
        var cost = await OperationCost.StartAsync(target.Database, target.Pid, postmaster);
        var run = await Wrk.PostAsync(target.Url, target.Body, target.Headers, clients, bench.Options.SideSeconds);
        var drain = await DrainAsync(target);
        var totals = await cost.EndAsync();
        return Add(bench, target.Name, clients, run, drain, totals, target.Memory.TakePeakMiB());
    }

    private static async Task<Row> MeasureLimitAsync(BenchRun bench, int clients, int? postmaster)
    {
        var cost = await OperationCost.StartAsync(bench.Connection, null, postmaster);
        var run = await PgBench.InsertAsync(bench.Connection, BenchRun.ReportPayload(0, 0), clients, bench.Options.SideSeconds);
        return Add(bench, "limit: pgbench jsonb insert", clients, run, null, await cost.EndAsync(), null);
    }

    /// <summary>
    /// Loads the target until its rate is steady: 5 s windows at 8 connections until one is within 10% of the one before
    /// (at least three, at most twelve). A fixed 3 s at 2 connections left a service still generating code and still
    /// moving methods to tier-1 JIT when the first row began: on a busy machine BreachDesk's first row ran at a fifth of
    /// its warm rate, and its CPU per report was three times its warm cost. The same rule warms the peer.
    /// </summary>
    private static async Task WarmUpAsync(Target target)
    {
        var rates = new List<double>();
        for (var window = 0; window < 12; window++)
        {
            rates.Add((await Wrk.PostAsync(target.Url, target.Body, target.Headers, 8, TimeSpan.FromSeconds(5))).PerSecond);
            if (rates.Count >= 3 && Math.Abs(rates[^1] - rates[^2]) <= 0.1 * Math.Max(rates[^1], rates[^2])) break;
        }
        Console.WriteLine($"  warm-up of {target.Name}: {string.Join(", ", rates)} requests/s in 5 s windows");
        await DrainAsync(target);
    }

    /// <summary><paramref name="drain"/> is null for the limit, which leaves no background work.</summary>
    private static Row Add(BenchRun bench, string name, int clients, Wrk.Result run, TimeSpan? drain, OperationCost.Totals t, double? peakMiB)
    {
        var ok = Math.Max(1, run.Ok);
        double? PerOp(double? seconds) => seconds is { } s ? Math.Round(s * 1000 / ok, 2) : null;
        var row = new Row(name, clients, run.Ok, run.Errors, run.PerSecond, run.P50Ms, run.P99Ms, run.MaxMs, drain is { } d ? Math.Round(d.TotalSeconds, 1) : null,
            Math.Round(run.Ok / (run.Elapsed + (drain ?? TimeSpan.Zero)).TotalSeconds, 1), Math.Round(t.Commits / (double)ok, 2), Math.Round(t.WalBytes / 1024.0 / ok, 2), Math.Round(t.RowsWritten / (double)ok, 2),
            Math.Round(t.EnvelopeRows / (double)ok, 2), PerOp(t.ServiceCpuSeconds), PerOp(t.PostgresCpuSeconds), peakMiB);
        bench.Add(new Measurement($"side by side: {name}", clients, Math.Round(run.Elapsed.TotalSeconds, 1), run.Ok, run.Errors, run.PerSecond,
            run.P50Ms, run.P95Ms, run.P99Ms, run.MaxMs, peakMiB,
            (drain is null ? "" : $"drained {row.DrainSeconds} s later (sustained {row.SustainedPerSecond}/s); ") +
            $"per op: {row.CommitsPerOp} commits, {row.WalKiBPerOp} KiB WAL, {row.RowsWrittenPerOp} rows written, {row.EnvelopeRowsPerOp} of them envelope rows")
        {
            ServiceCpuSeconds = t.ServiceCpuSeconds, PostgresCpuSeconds = t.PostgresCpuSeconds,
        });
        return row;
    }

    /// <summary>Until the target has nothing left to do, twice in a row, polled every half second (at most 5 minutes).</summary>
    private static async Task<TimeSpan> DrainAsync(Target target)
    {
        var clock = Stopwatch.StartNew();
        for (var hits = 0; hits < 2 && clock.Elapsed < TimeSpan.FromMinutes(5);)
        {
            hits = await target.Drained() ? hits + 1 : 0;
            if (hits < 2) await Task.Delay(500);
        }
        if (clock.Elapsed >= TimeSpan.FromMinutes(5)) Console.WriteLine($"  {target.Name}: background NOT drained after 5 minutes");
        return clock.Elapsed;
    }

    private static string BreachDeskBody() => JsonSerializer.Serialize(new
    {
        title = "Bench report {{n}}",
        description = "A spreadsheet of customer contact details was e-mailed to the wrong supplier.",
        discoveredAt = DateTimeOffset.UtcNow.AddHours(-1).ToString("O"),
        source = "staff",
        systems = new[] { "mail" },
    });

    /// <summary>The sample's <c>LogIncident</c> command (contact channel 0 = e-mail).</summary>
    private static string PeerBody() => JsonSerializer.Serialize(new
    {
        customerId = Guid.NewGuid(),
        contact = new { contactChannel = 0 },
        description = "Bench report {{n}}: a spreadsheet of customer contact details was e-mailed to the wrong supplier.",
        loggedBy = Guid.NewGuid(),
    });

    private static string Markdown(IEnumerable<Row> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| target | clients | ok | errors | per s | p50 ms | p99 ms | drained after s | sustained per s | commits/op | WAL KiB/op | rows written/op | envelope rows/op | service CPU ms/op | PostgreSQL CPU ms/op | peak MiB |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        static string S(double? x) => x?.ToString("0.##") ?? "-";
        foreach (var r in rows)
            text.AppendLine($"| {r.Target} | {r.Clients} | {r.Ok} | {r.Errors} | {S(r.PerSecond)} | {S(r.P50Ms)} | {S(r.P99Ms)} | {S(r.DrainSeconds)} | " +
                            $"{S(r.SustainedPerSecond)} | {S(r.CommitsPerOp)} | {S(r.WalKiBPerOp)} | {S(r.RowsWrittenPerOp)} | {S(r.EnvelopeRowsPerOp)} | {S(r.ServiceCpuMsPerOp)} | " +
                            $"{S(r.PostgresCpuMsPerOp)} | {S(r.PeakMiB)} |");
        return text.ToString();
    }
}
