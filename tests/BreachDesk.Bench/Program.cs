using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BreachDesk.Bench;
using BreachDesk.Tests.Support;
using Npgsql;

// BreachDesk benchmark (docs/performance.md): the service as a process against a private PostgreSQL, over real HTTP.
//   dotnet BreachDesk.Bench.dll --connection <server> [--seconds 10] [--incidents 2000] [--out bench-results.json]
// deploy/local/bench.sh starts the PostgreSQL and passes --connection.
var options = Args.Parse(args);
var server = options.Get("connection") ?? Environment.GetEnvironmentVariable("BREACHDESK_BENCH_CONNECTION")
    ?? throw new ArgumentException("--connection <PostgreSQL connection string> is required.");
var seconds = TimeSpan.FromSeconds(double.Parse(options.Get("seconds") ?? "10"));
var incidentTarget = int.Parse(options.Get("incidents") ?? "2000");
var output = options.Get("out") ?? "bench-results.json";

var database = $"breachdesk_bench_{DateTime.UtcNow:yyyyMMddHHmmss}";
await using (var admin = new NpgsqlConnection(server))
{
    await admin.OpenAsync();
    await new NpgsqlCommand($"CREATE DATABASE {database}", admin).ExecuteNonQueryAsync();
}
var connection = new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 100 }.ConnectionString;

Console.WriteLine($"Starting the service (Release build) against database {database}...");
await using var service = await ServiceProcess.StartAsync(connection, new Dictionary<string, string>
{
    ["BreachDesk:RateLimits:WritesPerMinute"] = "100000000",
    ["ASPNETCORE_ENVIRONMENT"] = "Production",
});
using var memory = new MemorySampler(service.ProcessId);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
var results = new List<Measurement>();
var ids = new System.Collections.Concurrent.ConcurrentQueue<string>();

HttpRequestMessage Request(HttpMethod method, string path, string key, object? body = null)
{
    var request = new HttpRequestMessage(method, path);
    request.Headers.Add("X-Api-Key", key);
    if (body is not null) request.Content = new StringContent(body is string s ? s : JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
    return request;
}

static string ReportPayload(int client, long i) => JsonSerializer.Serialize(new
{
    title = $"Bench report {client}-{i}-{Guid.NewGuid():N}",
    description = "A spreadsheet of customer contact details was e-mailed to the wrong supplier.",
    discoveredAt = DateTimeOffset.UtcNow.AddHours(-1).ToString("O"),
    source = "staff",
    systems = new[] { "mail" },
});

async Task<bool> Report(int client, long i)
{
    using var response = await http.SendAsync(Request(HttpMethod.Post, "/api/incidents", "dev-reporter", ReportPayload(client, i)));
    if (!response.IsSuccessStatusCode) return false;
    ids.Enqueue(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
    return true;
}

// 1. Ingest, and beside it the limit: the same payload, one row per transaction, straight through Npgsql.
await using (var setup = new NpgsqlConnection(connection))
{
    await setup.OpenAsync();
    await new NpgsqlCommand("CREATE TABLE bench_raw (id uuid PRIMARY KEY, body jsonb NOT NULL)", setup).ExecuteNonQueryAsync();
}
var dataSource = NpgsqlDataSource.Create(connection);
foreach (var clients in new[] { 1, 8, 32 })
{
    memory.TakePeakMiB();
    var run = await Load.RunAsync(clients, seconds, Report);
    var service1 = Measurement.From("ingest (HTTP)", clients, run.Elapsed, run.Latencies, run.Errors, memory.TakePeakMiB());
    var raw = await Load.RunAsync(clients, seconds, async (c, i) =>
    {
        await using var command = dataSource.CreateCommand("INSERT INTO bench_raw (id, body) VALUES ($1, $2::jsonb)");
        command.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7() });
        command.Parameters.Add(new NpgsqlParameter { Value = ReportPayload(c, i) });
        return await command.ExecuteNonQueryAsync() == 1;
    });
    var limit = Measurement.From("limit (Npgsql insert)", clients, raw.Elapsed, raw.Latencies, raw.Errors, null,
        $"service/limit = {service1.PerSecond / Math.Max(1, raw.Latencies.Count / raw.Elapsed.TotalSeconds):P1}");
    results.Add(service1);
    results.Add(limit);
    Print(service1); Print(limit);
}

// 2. Commands on existing incidents at 8 clients: an impact on any incident, the DPO notice on one not yet notified.
var known = ids.ToArray();
var notifiable = new System.Collections.Concurrent.ConcurrentQueue<string>(known);
memory.TakePeakMiB();
var commands = await Load.RunAsync(8, seconds, async (c, i) =>
{
    HttpRequestMessage request;
    if (i % 2 == 0 || !notifiable.TryDequeue(out var fresh))
        request = Request(HttpMethod.Post, $"/api/incidents/{known[Random.Shared.Next(known.Length)]}/impact", "dev-dpo",
            new { breachTypes = new[] { "confidentiality" }, dataCategories = new[] { "contact" }, approxDataSubjects = 40, identifiability = "maximum" });
    else
        request = Request(HttpMethod.Post, $"/api/incidents/{fresh}/dpo-notification", "dev-dpo",
            new { notifiedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"), channel = "email", howItOccurred = "Misaddressed e-mail.", likelyImpact = "Low." });
    using var response = await http.SendAsync(request);
    return response.IsSuccessStatusCode;
});
var commandRow = Measurement.From("commands (impact, DPO notice)", 8, commands.Elapsed, commands.Latencies, commands.Errors, memory.TakePeakMiB());
results.Add(commandRow); Print(commandRow);

// 3. Read side at N incidents: top up to N, then the deadline board and a register page, one client.
async Task<long> Count()
{
    using var response = await http.SendAsync(Request(HttpMethod.Get, "/api/incidents?status=all&pageSize=1", "dev-dpo"));
    return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["total"]!.GetValue<long>();
}
var have = await Count();
if (have < incidentTarget)
{
    Console.WriteLine($"Topping up from {have} to {incidentTarget} incidents...");
    var left = incidentTarget - have;
    await Task.WhenAll(Enumerable.Range(0, 16).Select(c => Task.Run(async () =>
    {
        for (long i = 0; Interlocked.Decrement(ref left) >= 0; i++) await Report(100 + c, i);
    })));
    have = await Count();
}
foreach (var (name, path) in new[] { ("read: deadline board", "/api/deadlines"), ("read: register page", "/api/register?page=1&pageSize=100") })
{
    memory.TakePeakMiB();
    var reads = await Load.RunAsync(1, TimeSpan.FromSeconds(Math.Max(3, seconds.TotalSeconds / 2)), async (c, i) =>
    {
        using var response = await http.SendAsync(Request(HttpMethod.Get, path, "dev-dpo"));
        await response.Content.LoadIntoBufferAsync();
        return response.IsSuccessStatusCode;
    });
    var row = Measurement.From(name, 1, reads.Elapsed, reads.Latencies, reads.Errors, memory.TakePeakMiB(), $"at {have} incidents");
    results.Add(row); Print(row);
}

var machine = new
{
    os = RuntimeInformation.OSDescription,
    cores = Environment.ProcessorCount,
    cpu = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() : null,
    memoryGiB = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024, 1),
    dotnet = RuntimeInformation.FrameworkDescription,
};
await File.WriteAllTextAsync(output, JsonSerializer.Serialize(new { at = DateTimeOffset.UtcNow, secondsPerPhase = seconds.TotalSeconds, incidents = have, machine, results },
    new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
Console.WriteLine($"Machine: {machine.cpu}, {machine.cores} cores, {machine.memoryGiB} GiB, {machine.os}");
Console.WriteLine($"Wrote {Path.GetFullPath(output)}");

static void Print(Measurement m)
{
    if (!printedHeader)
    {
        Console.WriteLine($"{"phase",-32} {"clients",7} {"ok",8} {"errors",6} {"req/s",9} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8} {"peak MiB",9}  note");
        printedHeader = true;
    }
    Console.WriteLine($"{m.Phase,-32} {m.Clients,7} {m.Ok,8} {m.Errors,6} {m.PerSecond,9} {m.P50Ms,8} {m.P95Ms,8} {m.P99Ms,8} {m.MaxMs,8} {m.PeakServiceMiB?.ToString() ?? "-",9}  {m.Note}");
}

public static partial class Program
{
    private static bool printedHeader;
}

internal sealed class Args(Dictionary<string, string> values)
{
    public string? Get(string name) => values.GetValueOrDefault(name);

    public static Args Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) values[args[i].TrimStart('-')] = args[i + 1];
        return new Args(values);
    }
}
