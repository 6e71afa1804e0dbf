using System.Diagnostics;

namespace BreachDesk.Bench;

/// <summary>One row of the table: how many requests, how fast, how many failed, and the service's peak memory meanwhile.</summary>
public sealed record Measurement(string Phase, int Clients, double Seconds, long Ok, long Errors, double PerSecond,
    double P50Ms, double P95Ms, double P99Ms, double MaxMs, double? PeakServiceMiB, string? Note = null)
{
    public static Measurement From(string phase, int clients, TimeSpan elapsed, IReadOnlyCollection<double> latenciesMs, long errors,
        double? peakMiB, string? note = null)
    {
        var sorted = latenciesMs.OrderBy(x => x).ToArray();
        double At(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new Measurement(phase, clients, Math.Round(elapsed.TotalSeconds, 1), sorted.Length, errors,
            Math.Round(sorted.Length / elapsed.TotalSeconds, 1), Round(At(0.50)), Round(At(0.95)), Round(At(0.99)),
            Round(sorted.Length == 0 ? double.NaN : sorted[^1]), peakMiB, note);
    }

    private static double Round(double x) => double.IsNaN(x) ? x : Math.Round(x, 2);
}

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
