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
        using var stream = await DashboardStream.OpenAsync(service.Client("dev-auditor"));
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);

        // Longer than the two-second limit that would otherwise cut the request with 504.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var incident = await service.Client().ReportedIncident();
        var id = incident["id"]!.GetValue<string>();

        await stream.WaitForChangeOf(id, TimeSpan.FromSeconds(20));
        Assert.Contains("event: connected", stream.Lines);
        Assert.Equal("event: incident-changed", stream.Lines[^2]);
    }
}
