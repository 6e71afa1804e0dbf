using System.Diagnostics;
using BreachDesk.Tests.Support;
using Xunit.Abstractions;

namespace BreachDesk.Tests.Operations;

/// <summary>
/// A rolling update sends SIGTERM and kills the pod 30 s later (Kubernetes' default grace period). Open dashboards
/// hold server-sent event streams that never end by themselves: the service must end them when told to stop, not wait
/// for them until the host's own 30 s shutdown timeout.
/// </summary>
[Collection("processes")]
public class ShutdownWithOpenDashboardsTests(ITestOutputHelper output)
{
    private const int Dashboards = 100;

    [Fact]
    public async Task Sigterm_with_100_open_dashboard_streams_ends_every_stream_and_the_process_well_within_the_grace_period()
    {
        var database = await TestDatabase.CreateAsync();
        await using var service = await ServiceProcess.StartAsync(database);

        var streams = new List<(HttpClient Client, HttpResponseMessage Response, StreamReader Reader)>();
        for (var i = 0; i < Dashboards; i++)
        {
            var client = service.Client("dev-dpo");
            client.Timeout = Timeout.InfiniteTimeSpan;
            var response = await client.GetAsync("/api/dashboard/events", HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            // The stream announces itself at once: it is open on the server.
            using var connected = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await reader.ReadLineAsync(connected.Token) is { } line && line != "event: connected") { }
            streams.Add((client, response, reader));
        }

        var stopwatch = Stopwatch.StartNew();
        service.Terminate();
        var exited = await service.WaitForExitAsync(TimeSpan.FromSeconds(60));
        stopwatch.Stop();
        output.WriteLine($"SIGTERM to exit with {Dashboards} open streams: {stopwatch.Elapsed.TotalSeconds:0.00} s");

        Assert.True(exited, $"The service was still running 60 s after SIGTERM:\n{service.Tail()}");
        // The host's shutdown timeout is 30 s: a stream left open would hold the exit until then. 20 s leaves the loaded
        // machine room and still tells the two apart.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"SIGTERM took {stopwatch.Elapsed} with open streams:\n{service.Tail()}");

        // Every stream was ended by the server (end of stream), none left hanging.
        foreach (var (client, response, reader) in streams)
        {
            using var ended = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                while (await reader.ReadLineAsync(ended.Token) is not null) { }
            }
            catch (IOException)
            {
                // Ended by the connection closing: also an end, not a hang.
            }
            reader.Dispose();
            response.Dispose();
            client.Dispose();
        }
    }
}
