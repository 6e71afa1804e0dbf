using System.Diagnostics;

namespace BreachDesk.Bench;

/// <summary>
/// One row of the table: how many operations, how fast, how many failed, and the service's peak memory meanwhile.
/// Rows that are not a load run (seeding, lateness, rebuild) leave out what does not apply (null).
/// </summary>
public sealed record Measurement(string Phase, int? Clients, double Seconds, long Ok, long Errors, double? PerSecond,
    double? P50Ms, double? P95Ms, double? P99Ms, double? MaxMs, double? PeakServiceMiB, string? Note = null)
{
    public static Measurement From(string phase, int? clients, TimeSpan elapsed, IReadOnlyCollection<double> latenciesMs, long errors,
        double? peakMiB, string? note = null, bool withRate = true)
    {
        var sorted = latenciesMs.OrderBy(x => x).ToArray();
        double? At(double q) => sorted.Length == 0 ? null : Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)]);
        return new Measurement(phase, clients, Math.Round(elapsed.TotalSeconds, 1), sorted.Length, errors,
            withRate ? Math.Round(sorted.Length / elapsed.TotalSeconds, 1) : null, At(0.50), At(0.95), At(0.99),
            sorted.Length == 0 ? null : Round(sorted[^1]), peakMiB, note);
    }

    /// <summary>A throughput row: <paramref name="count"/> items in <paramref name="elapsed"/>.</summary>
    public static Measurement Rate(string phase, long count, TimeSpan elapsed, double? peakMiB, string? note = null, long errors = 0) =>
        new(phase, null, Math.Round(elapsed.TotalSeconds, 1), count, errors, Math.Round(count / elapsed.TotalSeconds, 1),
            null, null, null, null, peakMiB, note);

    /// <summary>CPU seconds the service process and the PostgreSQL cluster used during the row's span (see <see cref="CpuMeter"/>).</summary>
    public double? ServiceCpuSeconds { get; init; }
    public double? PostgresCpuSeconds { get; init; }

    /// <summary>Service plus PostgreSQL CPU per operation: what one costs, however busy the machine was.</summary>
    public double? CpuMsPerOp => Ok == 0 || (ServiceCpuSeconds is null && PostgresCpuSeconds is null) ? null
        : Math.Round(((ServiceCpuSeconds ?? 0) + (PostgresCpuSeconds ?? 0)) * 1000 / Ok, 2);

    /// <summary>PostgreSQL's counters over the row's span (commits, rows written, WAL).</summary>
    public DatabaseCounters.Counts? Database { get; init; }

    public Measurement With(Span span) => this with
    {
        PeakServiceMiB = PeakServiceMiB ?? span.PeakMiB, ServiceCpuSeconds = span.ServiceCpu, PostgresCpuSeconds = span.PostgresCpu, Database = span.Database,
    };

    private static double Round(double x) => Math.Round(x, 2);
}

/// <summary>What a measured stretch of time cost: the service's peak memory and the CPU seconds of the service and PostgreSQL.</summary>
public sealed record Span(double? PeakMiB, double? ServiceCpu, double? PostgresCpu, DatabaseCounters.Counts? Database);

/// <summary>Runs <paramref name="clients"/> loops of <paramref name="operation"/> for a fixed time, timing each call.</summary>
public static class Load
{
    public static async Task<(TimeSpan Elapsed, List<double> Latencies, long Errors)> RunAsync(int clients, TimeSpan duration,
        Func<int, long, Task<bool>> operation)
    {
        var latencies = new List<double>[clients];
        long errors = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = new List<double>();
            for (long i = 0; clock.Elapsed < duration; i++)
            {
                var start = Stopwatch.GetTimestamp();
                bool ok;
                try { ok = await operation(c, i); }
                catch (Exception) { ok = false; }
                if (ok) mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                else Interlocked.Increment(ref errors);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        return (clock.Elapsed, latencies.SelectMany(l => l).ToList(), errors);
    }
}

/// <summary>The service process's resident memory, sampled every 100 ms (Linux /proc), reporting the peak of a phase.</summary>
public sealed class MemorySampler : IDisposable
{
    private readonly int _pid;
    private readonly Timer _timer;
    private long _peakKb;

    public MemorySampler(int pid)
    {
        _pid = pid;
        _timer = new Timer(_ => Sample(), null, 0, 100);
    }

    public double? TakePeakMiB()
    {
        Sample();
        var peak = Interlocked.Exchange(ref _peakKb, 0);
        return peak == 0 ? null : Math.Round(peak / 1024.0, 1);
    }

    private void Sample()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_pid}/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
                    long seen;
                    while (kb > (seen = Interlocked.Read(ref _peakKb)) && Interlocked.CompareExchange(ref _peakKb, kb, seen) != seen) { }
                }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    public void Dispose() => _timer.Dispose();
}
