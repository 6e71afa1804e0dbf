using Npgsql;

namespace BreachDesk.Bench;

/// <summary>
/// 1. <c>POST /api/incidents</c> at 1, 8 and 32 clients, and right after each, the limit: the same payload inserted as
/// one row per transaction straight through Npgsql, in the same database, at the same concurrency.
/// </summary>
public static class IngestPhase
{
    public static async Task RunAsync(BenchRun bench)
    {
        await using var dataSource = NpgsqlDataSource.Create(bench.Connection);
        await using var work = new BackgroundWork(bench.Connection);
        await using (var create = dataSource.CreateCommand("CREATE TABLE IF NOT EXISTS bench_raw (id uuid PRIMARY KEY, body jsonb NOT NULL)"))
            await create.ExecuteNonQueryAsync();

        foreach (var clients in new[] { 1, 8, 32 })
        {
            await bench.StartSpanAsync();
            var run = await Load.RunAsync(clients, bench.Options.Seconds, bench.ReportAsync);
            var drained = await work.DrainAfterAsync(run.Latencies.Count, run.Elapsed);
            var service = Measurement.From("ingest (HTTP)", clients, run.Elapsed, run.Latencies, run.Errors, null, drained).With(await bench.EndSpanAsync());

            var raw = await Load.RunAsync(clients, bench.Options.Seconds, async (c, i) =>
            {
                await using var command = dataSource.CreateCommand("INSERT INTO bench_raw (id, body) VALUES ($1, $2::jsonb)");
                command.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7() });
                command.Parameters.Add(new NpgsqlParameter { Value = BenchRun.ReportPayload(c, i) });
                return await command.ExecuteNonQueryAsync() == 1;
            });
            var rawSpan = await bench.EndSpanAsync();
            var limit = Measurement.From("limit (Npgsql insert)", clients, raw.Elapsed, raw.Latencies, raw.Errors, null,
                $"service/limit = {service.PerSecond / Math.Max(1, raw.Latencies.Count / raw.Elapsed.TotalSeconds):P1}")
                with { ServiceCpuSeconds = rawSpan.ServiceCpu, PostgresCpuSeconds = rawSpan.PostgresCpu, Database = rawSpan.Database };
            bench.Add(service);
            bench.Add(limit);
        }
    }
}
