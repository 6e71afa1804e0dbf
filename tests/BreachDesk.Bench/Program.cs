using System.Runtime.InteropServices;
using System.Text.Json;
using BreachDesk.Bench;
using BreachDesk.Tests.Support;
using Npgsql;

// BreachDesk benchmark (docs/performance.md): the service as a process against a private PostgreSQL, over real HTTP.
//   dotnet BreachDesk.Bench.dll --connection <server> [--seconds 10] [--incidents 2000] [--checkpoints-incidents 100000]
//       [--escalation-batch 200] [--lateness-ingest 0] [--phases sidebyside,ingest,commands,read,search,insights,escalation,rebuild] [--out bench-results.json]
//       [--database <name, reused>] [--read-seed http|marten] [--side-seconds 15] [--side-clients 8,32] [--peer-url http://127.0.0.1:5109 --peer-pid <pid> --peer-database <name>]
// deploy/local/bench.sh starts the PostgreSQL and passes --connection. Each phase is in its own file.
var options = BenchOptions.Parse(args);
var started = DateTimeOffset.UtcNow;

var database = options.Database ?? $"breachdesk_bench_{DateTime.UtcNow:yyyyMMddHHmmss}";
await using (var admin = new NpgsqlConnection(options.Server))
{
    await admin.OpenAsync();
    var exists = await new NpgsqlCommand($"SELECT 1 FROM pg_database WHERE datname = '{database.Replace("'", "''")}'", admin).ExecuteScalarAsync() is not null;
    if (!exists) await new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin).ExecuteNonQueryAsync();
    else Console.WriteLine($"Reusing database {database} (--database).");
}
var connection = new NpgsqlConnectionStringBuilder(options.Server) { Database = database, MaxPoolSize = 100 }.ConnectionString;

// The escalation phase's alerts go to a real webhook receiver, as on-call's would.
await using var receiver = await AlertReceiver.StartAsync(EscalationLatenessPhase.ReceiverSecret);
Console.WriteLine($"Starting the service (Release build) against database {database}...");
var settings = new Dictionary<string, string>(EscalationLatenessPhase.ServiceSettings(receiver))
{
    ["BreachDesk:RateLimits:WritesPerMinute"] = "100000000",
    ["ASPNETCORE_ENVIRONMENT"] = "Production",
};
await using var service = await ServiceProcess.StartAsync(connection, settings);
using var memory = new MemorySampler(service.ProcessId);
var cpu = new CpuMeter(service.ProcessId, await CpuMeter.FindPostmasterAsync(connection));
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
var bench = new BenchRun(options, service, connection, memory, cpu, new DatabaseCounters(connection), http);

await bench.WarmUpAsync();
if (options.Runs("sidebyside")) await SideBySidePhase.RunAsync(bench);
if (options.Runs("ingest")) await IngestPhase.RunAsync(bench);
if (options.Runs("commands")) await CommandPhase.RunAsync(bench);
if (options.Runs("read")) await ReadPhase.RunAsync(bench, options.Incidents);
if (options.Runs("escalation"))
{
    await EscalationLatenessPhase.RunAsync(bench, receiver);
    // The read side again, now at N incidents.
    if (options.Runs("read")) await ReadPhase.MeasureAsync(bench, await bench.CountAsync());
}
if (options.Runs("search")) await SearchPhase.RunAsync(bench); // after escalation, whose 100,000 incidents it searches
if (options.Runs("insights")) await InsightsPhase.RunAsync(bench);
var incidents = service.HasExited ? -1 : await bench.CountAsync();
if (options.Runs("rebuild")) await RebuildPhase.RunAsync(bench); // last: it stops the service

var machine = new
{
    os = RuntimeInformation.OSDescription,
    cores = Environment.ProcessorCount,
    cpu = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() : null,
    memoryGiB = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024, 1),
    dotnet = RuntimeInformation.FrameworkDescription,
};
await File.WriteAllTextAsync(options.Output, JsonSerializer.Serialize(new
{
    at = started, minutes = Math.Round((DateTimeOffset.UtcNow - started).TotalMinutes, 1),
    args = args.Where((_, i) => i == 0 || args[i - 1] != "--connection"), // not the connection string: it may hold a password
    secondsPerPhase = options.Seconds.TotalSeconds,
    incidents, machine, results = bench.Results, details = bench.Details,
}, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
Console.WriteLine($"Machine: {machine.cpu}, {machine.cores} cores, {machine.memoryGiB} GiB, {machine.os}");
Console.WriteLine($"Took {(DateTimeOffset.UtcNow - started).TotalMinutes:N1} min. Wrote {Path.GetFullPath(options.Output)}");
