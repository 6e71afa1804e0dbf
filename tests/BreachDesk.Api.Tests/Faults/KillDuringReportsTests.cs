using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Faults;

/// <summary>
/// kill -9 in the middle of a stream of reports, as clients see it: whatever was answered 2xx must be there after a
/// restart, and clients that retry everything they are unsure of with the same Idempotency-Key create no duplicates.
/// </summary>
[Collection("processes")]
public class KillDuringReportsTests
{
    private sealed record Attempt(string Key, object Body)
    {
        public string? AnsweredId;
    }

    [Fact]
    public async Task Every_acknowledged_report_survives_and_retries_with_the_same_key_create_no_duplicates()
    {
        var database = await TestDatabase.CreateAsync();
        var attempts = new ConcurrentBag<Attempt>();
        var answered = 0;

        await using (var doomed = await ServiceProcess.StartAsync(database))
        {
            // One report first, with all the time it needs: the first request of a fresh process generates and
            // compiles its handlers, which on a busy machine can outlast the stream's 20 s timeout and end every client.
            var warmUp = new Attempt("warm-up", ReportBody(title: "Warm-up report"));
            using (var client = doomed.Client())
            {
                client.Timeout = TimeSpan.FromMinutes(3);
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents") { Content = JsonContent.Create(warmUp.Body) };
                request.Headers.Add("Idempotency-Key", warmUp.Key);
                using var response = await client.SendAsync(request);
                response.EnsureSuccessStatusCode();
                warmUp.AnsweredId = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
                attempts.Add(warmUp);
            }

            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
            {
                using var client = doomed.Client();
                client.Timeout = TimeSpan.FromSeconds(20);
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var attempt = new Attempt($"client-{c}-report-{i}", ReportBody(title: $"Stream report {c}/{i}"));
                    attempts.Add(attempt);
                    try
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents") { Content = JsonContent.Create(attempt.Body) };
                        request.Headers.Add("Idempotency-Key", attempt.Key);
                        using var response = await client.SendAsync(request);
                        if (response.IsSuccessStatusCode)
                        {
                            attempt.AnsweredId = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
                            Interlocked.Increment(ref answered);
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        // The process died under this request: the client does not know whether it was stored.
                        return;
                    }
                }
            })).ToArray();

            // Kill once the stream is flowing, with requests certainly in flight.
            var until = DateTimeOffset.UtcNow.AddSeconds(60);
            while (Volatile.Read(ref answered) < 40 && DateTimeOffset.UtcNow < until) await Task.Delay(50);
            doomed.Kill();
            stop.Cancel();
            await Task.WhenAll(clients);
        }
        Assert.True(answered >= 40, $"Only {answered} reports were answered before the kill.");

        await using var restarted = await ServiceProcess.StartAsync(database);
        using var reader = restarted.Client("dev-dpo");
        using var retrier = restarted.Client();

        foreach (var attempt in attempts.Where(a => a.AnsweredId is not null))
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/incidents/{attempt.AnsweredId}")).StatusCode);

        // A careful client retries every request it sent, answered or not, with the same key and body.
        var ids = new HashSet<string>();
        foreach (var attempt in attempts)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents") { Content = JsonContent.Create(attempt.Body) };
            request.Headers.Add("Idempotency-Key", attempt.Key);
            using var response = await retrier.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"Retry of {attempt.Key}: {(int)response.StatusCode} {text}");
            var id = JsonNode.Parse(text)!["id"]!.GetValue<string>();
            if (attempt.AnsweredId is not null) Assert.Equal(attempt.AnsweredId, id);
            Assert.True(ids.Add(id), $"Two keys answered with one incident {id}.");
        }

        Assert.Equal(attempts.Count, await reader.CountIncidents());
    }
}
