using System.Collections.Concurrent;

namespace BreachDesk.Bench;

/// <summary>2. Commands on existing incidents at 8 clients: an impact on any incident, the DPO notice on one not yet notified.</summary>
public static class CommandPhase
{
    public static async Task RunAsync(BenchRun bench)
    {
        if (bench.ReportedIds.IsEmpty)
        {
            Console.WriteLine("Reporting 200 incidents for the commands to work on...");
            for (var i = 0; i < 200; i++) await bench.ReportAsync(0, i);
        }
        var known = bench.ReportedIds.ToArray();
        var notifiable = new ConcurrentQueue<string>(known);

        await bench.StartSpanAsync();
        var run = await Load.RunAsync(8, bench.Options.Seconds, async (c, i) =>
        {
            HttpRequestMessage request;
            if (i % 2 == 0 || !notifiable.TryDequeue(out var fresh))
                request = BenchRun.Request(HttpMethod.Post, $"/api/incidents/{known[Random.Shared.Next(known.Length)]}/impact", "dev-dpo",
                    new { breachTypes = new[] { "confidentiality" }, dataCategories = new[] { "contact" }, approxDataSubjects = 40, identifiability = "maximum" });
            else
                request = BenchRun.Request(HttpMethod.Post, $"/api/incidents/{fresh}/dpo-notification", "dev-dpo",
                    new { notifiedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"), channel = "email", howItOccurred = "Misaddressed e-mail.", likelyImpact = "Low." });
            using var response = await bench.Http.SendAsync(request);
            return response.IsSuccessStatusCode;
        });
        await using var work = new BackgroundWork(bench.Connection);
        var drained = await work.DrainAfterAsync(run.Latencies.Count, run.Elapsed);
        bench.Add(Measurement.From("commands (impact, DPO notice)", 8, run.Elapsed, run.Latencies, run.Errors, null, drained).With(await bench.EndSpanAsync()));
    }
}
