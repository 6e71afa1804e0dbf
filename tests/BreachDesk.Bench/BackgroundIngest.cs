using System.Diagnostics;

namespace BreachDesk.Bench;

/// <summary>
/// Reports posted in the background while something else is measured (the lateness batch, issue 12: "also while
/// 10,000 reports are being ingested"): <paramref name="clients"/> loops of <c>POST /api/incidents</c> until
/// <paramref name="total"/> are answered or <see cref="StopAsync"/> is called.
/// </summary>
public sealed class BackgroundIngest
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _work;
    private long _sent, _ok, _errors;

    private BackgroundIngest(BenchRun bench, int total, int clients) =>
        _work = Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            for (long i; !_stop.IsCancellationRequested && (i = Interlocked.Increment(ref _sent)) <= total;)
            {
                try { Interlocked.Increment(ref await bench.ReportAsync(1000 + c, i) ? ref _ok : ref _errors); }
                catch (Exception) { Interlocked.Increment(ref _errors); }
            }
        })));

    public static BackgroundIngest Start(BenchRun bench, int total, int clients = 8) => new(bench, total, clients);

    public long Ok => Interlocked.Read(ref _ok);

    /// <summary>Stops sending (requests in flight finish) and says what was done.</summary>
    public async Task<string> StopAsync()
    {
        _stop.Cancel();
        await _work;
        return $"{Ok:N0} reports ingested meanwhile ({Interlocked.Read(ref _errors)} failed) in {_clock.Elapsed.TotalSeconds:N0} s, {Ok / _clock.Elapsed.TotalSeconds:N1}/s";
    }
}
