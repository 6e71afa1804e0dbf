using Npgsql;

namespace BreachDesk.Bench;

/// <summary>
/// Search (issue 13's target: p99 at most 50 ms at 100,000 incidents), one client: <c>?q=</c> with a word one incident
/// holds (a seeded title's number), <c>?q=</c> with a word every seeded incident holds (the worst case: all match,
/// and the total counts them), and <c>?reference=</c>. Seeds up to <c>--checkpoints-incidents</c> (100,000) first,
/// through the service's own Marten configuration (<see cref="IncidentSeeder"/>), so the view and its search index are
/// written as for a report over HTTP.
/// </summary>
public static class SearchPhase
{
    public static async Task RunAsync(BenchRun bench)
    {
        var have = await bench.CountAsync();
        var toSeed = (int)Math.Max(0, bench.Options.CheckpointIncidents - have);
        if (toSeed > 0)
        {
            Console.WriteLine($"Seeding {toSeed:N0} incidents for the search phase ({have:N0} already)...");
            await using var seeder = IncidentSeeder.Create(bench.Connection);
            await seeder.SeedAsync(toSeed, batchSize: 500, workers: 2, _ => { });
        }
        var incidents = await bench.CountAsync();

        var references = new List<string>();
        await using (var connection = new NpgsqlConnection(bench.Connection))
        {
            await connection.OpenAsync();
            // Fresh statistics for the new rows, as autovacuum would give them soon after a bulk load.
            // The stored words too (decision 0023): a database seeded before them has its words filled at the
            // service's start, and a vacuum makes their table's pages all-visible, as autovacuum soon would.
            await new NpgsqlCommand("ANALYZE breachdesk.mt_doc_incidentview", connection).ExecuteNonQueryAsync();
            await new NpgsqlCommand("VACUUM ANALYZE breachdesk.incident_search_words", connection).ExecuteNonQueryAsync();
            await using var sample = new NpgsqlCommand(
                "SELECT data ->> 'reference' FROM breachdesk.mt_doc_incidentview TABLESAMPLE SYSTEM (5) LIMIT 2000", connection);
            await using var reader = await sample.ExecuteReaderAsync();
            while (await reader.ReadAsync()) references.Add(reader.GetString(0));
        }

        var random = new Random(13);
        // Seeded titles are numbered from 0 in each seeding run; over the whole count most numbers name one incident
        // (a database reused across runs has seeded none this time).
        var seeded = (int)Math.Max(1, incidents);
        foreach (var (name, next) in new (string, Func<string>)[]
                 {
                     ("search: q, one match", () => $"/api/incidents?status=all&q={random.Next(seeded)}"),
                     ("search: q, every incident matches", () => "/api/incidents?status=all&q=spreadsheet"),
                     ("search: q, every open incident matches", () => "/api/incidents?q=spreadsheet"),
                     ("search: reference", () => $"/api/incidents?status=all&reference={references[random.Next(references.Count)]}"),
                 })
        {
            await bench.StartSpanAsync();
            var reads = await Load.RunAsync(1, TimeSpan.FromSeconds(Math.Max(3, bench.Options.Seconds.TotalSeconds / 2)), async (c, i) =>
            {
                using var response = await bench.Http.SendAsync(BenchRun.Request(HttpMethod.Get, next(), "dev-dpo"));
                await response.Content.LoadIntoBufferAsync();
                return response.IsSuccessStatusCode;
            });
            bench.Add(Measurement.From(name, 1, reads.Elapsed, reads.Latencies, reads.Errors, null, $"at {incidents:N0} incidents").With(await bench.EndSpanAsync()));
        }
    }
}
