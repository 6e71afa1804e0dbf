using System.Net;
using System.Net.Http.Json;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Dashboard;

/// <summary>The server-sent events stream itself: it outlives the request time limit and carries incident changes.</summary>
public class DashboardEventsTests
{
    [Fact]
    public async Task The_stream_outlives_the_request_time_limit_and_announces_a_reported_incident()
    {
        await using var service = await RunningService.StartAsync(await TestDatabase.CreateAsync(), null, "BreachDesk:Http:RequestTimeoutSeconds=2");
        // The first writes compile their handlers and may themselves be cut at two seconds; warm up before the stream.
        for (var attempt = 0; attempt < 10; attempt++)
            if ((await service.Client().PostAsJsonAsync("/api/incidents", ReportBody())).StatusCode == HttpStatusCode.Created) break;
        using var client = service.Client("dev-auditor");
        client.Timeout = Timeout.InfiniteTimeSpan;
        using var response = await client.GetAsync("/api/dashboard/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        // Longer than the two-second limit that would otherwise cut the request with 504.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var incident = await service.Client().ReportedIncident();
        var id = incident["id"]!.GetValue<string>();

        using var give = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var lines = new List<string>();
        while (!lines.Contains($"data: {id}"))
        {
            var line = await reader.ReadLineAsync(give.Token);
            Assert.NotNull(line);
            lines.Add(line!);
        }
        Assert.Contains("event: connected", lines);
        Assert.Equal("event: incident-changed", lines[^2]);
    }
}
