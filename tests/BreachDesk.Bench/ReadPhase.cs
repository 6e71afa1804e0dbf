namespace BreachDesk.Bench;

/// <summary>
/// 4a. The read side: the deadline board and register pages 1 and 900 (of 100; issue 12's targets, page 900 being the
/// 90,001st to 90,100th entry at 100,000 incidents), one client, at however many incidents there are.
/// </summary>
public static class ReadPhase
{
    /// <summary>Tops the database up to <paramref name="target"/> incidents over HTTP (16 clients) first, if it has fewer.</summary>
    public static async Task RunAsync(BenchRun bench, int target)
    {
        var have = await bench.CountAsync();
        if (have < target && bench.Options.ReadSeed == "marten")
        {
            Console.WriteLine($"Seeding from {have} to {target} incidents through Marten...");
            await using (var seeder = IncidentSeeder.Create(bench.Connection))
                await seeder.SeedAsync((int)(target - have), batchSize: 500, workers: 2, done =>
                {
                    if (done % 10_000 == 0) Console.WriteLine($"  {DateTime.UtcNow:HH:mm:ss} appended {done:N0}");
                });
            have = await bench.CountAsync();
        }
        else if (have < target)
        {
            Console.WriteLine($"Topping up from {have} to {target} incidents...");
            var left = target - have;
            await Task.WhenAll(Enumerable.Range(0, 16).Select(c => Task.Run(async () =>
            {
                for (long i = 0; Interlocked.Decrement(ref left) >= 0; i++) await bench.ReportAsync(100 + c, i);
            })));
            have = await bench.CountAsync();
        }
        // Measured with the sweeper idle (the seeded reports' planning done), so the figures are the reads' own.
        await using (var work = new BackgroundWork(bench.Connection))
            await work.WaitAsync(s => s.Quiet, bench.Options.PlanningTimeout, "background work before the reads");
        await MeasureAsync(bench, have);
    }

    public static async Task MeasureAsync(BenchRun bench, long incidents)
    {
        foreach (var (name, path) in new[] { ("read: deadline board", "/api/deadlines"), ("read: register page", "/api/register?page=1&pageSize=100"),
                     ("read: register page 900", "/api/register?page=900&pageSize=100") })
        {
            await bench.StartSpanAsync();
            var reads = await Load.RunAsync(1, TimeSpan.FromSeconds(Math.Max(3, bench.Options.Seconds.TotalSeconds / 2)), async (c, i) =>
            {
                using var response = await bench.Http.SendAsync(BenchRun.Request(HttpMethod.Get, path, "dev-dpo"));
                await response.Content.LoadIntoBufferAsync();
                return response.IsSuccessStatusCode;
            });
            bench.Add(Measurement.From(name, 1, reads.Elapsed, reads.Latencies, reads.Errors, null, $"at {incidents:N0} incidents").With(await bench.EndSpanAsync()));
        }
    }
}
