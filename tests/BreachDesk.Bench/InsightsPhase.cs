using Npgsql;

namespace BreachDesk.Bench;

/// <summary>
/// Insights and the annual report (decision 0024's target: a year in well under a second at 100,000 incidents), one
/// client: <c>GET /api/insights</c> for this month and for the default last 12 months, and the annual report of this
/// year as JSON and as CSV. Seeds up to <c>--incidents</c> first, through the service's own Marten configuration
/// (<see cref="IncidentSeeder"/>). Seeded incidents were all discovered in the last two hours, so every one of them is
/// in each period measured: the month is the worst case of a month, not a typical one.
/// </summary>
public static class InsightsPhase
{
    public static async Task RunAsync(BenchRun bench)
    {
        var have = await bench.CountAsync();
        var toSeed = (int)Math.Max(0, bench.Options.Incidents - have);
        if (toSeed > 0)
        {
            Console.WriteLine($"Seeding {toSeed:N0} incidents for the insights phase ({have:N0} already)...");
            await using var seeder = IncidentSeeder.Create(bench.Connection);
            await seeder.SeedAsync(toSeed, batchSize: 500, workers: 2, _ => { });
        }
        var incidents = await bench.CountAsync();
        await using (var connection = new NpgsqlConnection(bench.Connection))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand("ANALYZE breachdesk.mt_doc_incidentview", connection).ExecuteNonQueryAsync();
        }

        var today = DateTime.UtcNow;
        var month = new DateOnly(today.Year, today.Month, 1);
        foreach (var (name, url) in new[]
                 {
                     ("insights: this month", $"/api/insights?from={month:yyyy-MM-dd}"),
                     ("insights: last 12 months", "/api/insights"),
                     ("annual report: json", $"/api/insights/annual-report?year={today.Year}"),
                     ("annual report: csv", $"/api/insights/annual-report?year={today.Year}&format=csv"),
                 })
        {
            await bench.StartSpanAsync();
            var reads = await Load.RunAsync(1, TimeSpan.FromSeconds(Math.Max(3, bench.Options.Seconds.TotalSeconds / 2)), async (c, i) =>
            {
                using var response = await bench.Http.SendAsync(BenchRun.Request(HttpMethod.Get, url, "dev-dpo"));
                await response.Content.LoadIntoBufferAsync();
                return response.IsSuccessStatusCode;
            });
            bench.Add(Measurement.From(name, 1, reads.Elapsed, reads.Latencies, reads.Errors, null, $"at {incidents:N0} incidents").With(await bench.EndSpanAsync()));
        }
    }
}
