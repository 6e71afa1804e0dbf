using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Escalating.ExactlyOnceAlerts;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Faults;

/// <summary>
/// PostgreSQL restarted under a stream of reports and pending escalations, on a private cluster of the test's own:
/// readiness reports the outage, the service recovers by itself (same process), nothing acknowledged is lost, retries
/// by Idempotency-Key create no duplicates, and pending checkpoints still fire exactly once.
/// </summary>
[Collection("processes")]
public class DatabaseRestartTests
{
    private sealed record Attempt(string Key, object Body)
    {
        public string? AnsweredId;
    }

    [Fact]
    public async Task The_service_rides_out_a_database_restart_losing_nothing_acknowledged()
    {
        Assert.True(PrivatePostgres.Available(), "This test needs PostgreSQL's server binaries (/usr/lib/postgresql/*/bin).");
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var receiver = await AlertReceiver.StartAsync(Secret);
        await using var service = await ServiceProcess.StartAsync(postgres.ConnectionString, Settings(receiver, "PT45S"));
        using var client = service.Client();

        var pending = new List<string>();
        for (var i = 0; i < 3; i++) pending.Add((await client.ReportedIncident(DueInOneWindow()))["id"]!.GetValue<string>());

        var attempts = new ConcurrentQueue<Attempt>();
        var answered = 0;
        using var stop = new CancellationTokenSource();
        var stream = Enumerable.Range(0, 2).Select(c => Task.Run(async () =>
        {
            using var reporter = service.Client();
            reporter.Timeout = TimeSpan.FromSeconds(30);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var attempt = new Attempt($"restart-{c}-{i}", DueInOneWindow());
                attempts.Enqueue(attempt);
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents") { Content = JsonContent.Create(attempt.Body) };
                    request.Headers.Add("Idempotency-Key", attempt.Key);
                    using var response = await reporter.SendAsync(request);
                    if (response.IsSuccessStatusCode)
                    {
                        attempt.AnsweredId = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
                        Interlocked.Increment(ref answered);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
                await Task.Delay(100);
            }
        })).ToArray();

        await Poll.Until(() => Volatile.Read(ref answered) >= 10, TimeSpan.FromSeconds(60), "10 reports answered before the outage");
        await postgres.StopAsync();
        using var probe = service.Client(null);
        await Poll.Until(async () => (await probe.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(30), "readiness to report the outage");
        await Task.Delay(TimeSpan.FromSeconds(3));
        await postgres.StartAgainAsync();

        await Poll.Until(async () => (await probe.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(90), "readiness after the restart");
        var before = Volatile.Read(ref answered);
        await Poll.Until(() => Volatile.Read(ref answered) >= before + 10, TimeSpan.FromSeconds(90), "10 more reports answered after the restart");
        stop.Cancel();
        await Task.WhenAll(stream);
        Assert.False(service.HasExited, $"The service exited:\n{service.Tail()}");

        using var dpo = service.Client("dev-dpo");
        foreach (var attempt in attempts.Where(a => a.AnsweredId is not null))
            Assert.Equal(HttpStatusCode.OK, (await dpo.GetAsync($"/api/incidents/{attempt.AnsweredId}")).StatusCode);
        var ids = new HashSet<string>(pending);
        foreach (var attempt in attempts)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents") { Content = JsonContent.Create(attempt.Body) };
            request.Headers.Add("Idempotency-Key", attempt.Key);
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"Retry of {attempt.Key}: {(int)response.StatusCode} {text}");
            var id = JsonNode.Parse(text)!["id"]!.GetValue<string>();
            if (attempt.AnsweredId is not null) Assert.Equal(attempt.AnsweredId, id);
            Assert.True(ids.Add(id), $"Two keys answered with one incident {id}.");
        }
        Assert.Equal(ids.Count, await dpo.CountIncidents());

        // Checkpoints scheduled before, during and after the outage: each acknowledged incident's at-due escalation fires once.
        var acknowledged = pending.Concat(attempts.Where(a => a.AnsweredId is not null).Select(a => a.AnsweredId!)).ToList();
        using var oncall = service.Client("dev-oncall");
        await AssertEachFiredExactlyOnce(receiver, oncall, acknowledged, TimeSpan.FromSeconds(150), () => service.Tail());
    }
}
