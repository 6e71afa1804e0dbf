using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BreachDesk.Tests.Support;

namespace BreachDesk.Bench;

/// <summary>What the phases share: the service process and its database, an HTTP client, the rows so far.</summary>
public sealed class BenchRun(BenchOptions options, ServiceProcess service, string connection, MemorySampler memory, CpuMeter cpu,
    DatabaseCounters database, HttpClient http)
{
    public BenchOptions Options { get; } = options;
    public ServiceProcess Service { get; } = service;

    /// <summary>The benchmark's own database (the service's), for counts and baselines straight through Npgsql.</summary>
    public string Connection { get; } = connection;

    public MemorySampler Memory { get; } = memory;
    public CpuMeter Cpu { get; } = cpu;
    public DatabaseCounters Database { get; } = database;
    public HttpClient Http { get; } = http;
    public List<Measurement> Results { get; } = [];

    /// <summary>Figures that do not fit the table's columns, written to bench-results.json under their phase.</summary>
    public Dictionary<string, object> Details { get; } = [];

    /// <summary>Incidents created over HTTP, for the command phase.</summary>
    public ConcurrentQueue<string> ReportedIds { get; } = new();

    /// <summary>Starts a measured stretch: resets the memory peak, the CPU and the database counters.</summary>
    public async Task StartSpanAsync()
    {
        await Database.TakeAsync();
        Memory.TakePeakMiB();
        Cpu.Take();
    }

    /// <summary>Ends a measured stretch: what it cost since <see cref="StartSpanAsync"/> (or the last end).</summary>
    public async Task<Span> EndSpanAsync()
    {
        var (service, postgres) = Cpu.Take();
        var peak = Memory.TakePeakMiB();
        return new Span(peak, service, postgres, await Database.TakeAsync());
    }

    public void Add(Measurement row)
    {
        Results.Add(row);
        ResultTable.Print(row);
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string key, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", key);
        if (body is not null)
            request.Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        return request;
    }

    public static string ReportPayload(int client, long i) => JsonSerializer.Serialize(new
    {
        title = $"Bench report {client}-{i}-{Guid.NewGuid():N}",
        description = "A spreadsheet of customer contact details was e-mailed to the wrong supplier.",
        discoveredAt = DateTimeOffset.UtcNow.AddHours(-1).ToString("O"),
        source = "staff",
        systems = new[] { "mail" },
    });

    /// <summary><c>POST /api/incidents</c> as a reporter; remembers the new incident's id.</summary>
    public async Task<bool> ReportAsync(int client, long i)
    {
        using var response = await Http.SendAsync(Request(HttpMethod.Post, "/api/incidents", "dev-reporter", ReportPayload(client, i)));
        if (!response.IsSuccessStatusCode) return false;
        ReportedIds.Enqueue(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
        return true;
    }

    /// <summary>
    /// The first request of each kind pays for JIT and Wolverine's code generation (seconds, which would dominate a
    /// 10-second row): each kind is sent a few times before anything is timed. These incidents are not used later.
    /// </summary>
    public async Task WarmUpAsync()
    {
        for (var i = 0; i < 20; i++)
        {
            using var report = await Http.SendAsync(Request(HttpMethod.Post, "/api/incidents", "dev-reporter", ReportPayload(-1, i)));
            var id = JsonNode.Parse(await report.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
            if (i >= 3) continue;
            (await Http.SendAsync(Request(HttpMethod.Post, $"/api/incidents/{id}/impact", "dev-dpo",
                new { breachTypes = new[] { "confidentiality" }, dataCategories = new[] { "contact" }, approxDataSubjects = 40, identifiability = "maximum" }))).Dispose();
            (await Http.SendAsync(Request(HttpMethod.Post, $"/api/incidents/{id}/dpo-notification", "dev-dpo",
                new { notifiedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"), channel = "email", howItOccurred = "Misaddressed e-mail.", likelyImpact = "Low." }))).Dispose();
            (await Http.SendAsync(Request(HttpMethod.Get, "/api/deadlines", "dev-dpo"))).Dispose();
            (await Http.SendAsync(Request(HttpMethod.Get, "/api/register?page=1&pageSize=100", "dev-dpo"))).Dispose();
        }
    }

    /// <summary>How many incidents the list counts with this status filter (open, all, ...).</summary>
    public async Task<long> CountAsync(string status = "all")
    {
        using var response = await Http.SendAsync(Request(HttpMethod.Get, $"/api/incidents?status={status}&pageSize=1", "dev-dpo"));
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["total"]!.GetValue<long>();
    }
}
