using System.Net;
using System.Text.Json.Nodes;
using BreachDesk.Tests.Security;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Faults;

/// <summary>
/// Thousands of generated malformed and hostile requests to every route of the role matrix, as an administrator (every
/// role, so authorization lets them through to the parsing and validation under test): never a 5xx, a refused
/// request changes nothing stored (the incident's version, the number of incidents), and no background handler gives
/// up on what an accepted one stored (no dead letter). Seeded: a failure reproduces (a race may not).
/// </summary>
public class HostileRequestFuzzTests
{
    private const int Seed = 8_2026_11;
    private const int Requests = 3_000;

    [Fact]
    public async Task No_hostile_request_gets_a_server_error_or_changes_anything_when_refused()
    {
        await using var service = await RunningService.StartAsync(await TestDatabase.CreateAsync(), null,
            "BreachDesk:RateLimits:WritesPerMinute=1000000");
        using var admin = service.Client("dev-admin");
        admin.Timeout = TimeSpan.FromSeconds(120);
        var incident = await admin.ReportedIncident();
        var id = incident["id"]!.GetValue<string>();
        var version = incident["version"]!.GetValue<long>();
        var count = await admin.CountIncidents();

        var generator = new HostileRequests(new Random(Seed));
        var failures = new List<string>();
        for (var i = 0; i < Requests && failures.Count < 20; i++)
        {
            var route = RouteTable.Routes[i % RouteTable.Routes.Length];
            var (request, description) = generator.Next(route, id);
            // Headers first: an event stream that accepted the request never ends, so its body is not read.
            using var response = await admin.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var status = (int)response.StatusCode;
            var streaming = response.Content.Headers.ContentType?.MediaType == "text/event-stream";
            var text = streaming ? "" : await response.Content.ReadAsStringAsync();
            var label = $"#{i} (seed {Seed}) {description}";
            if (status >= 500) failures.Add($"{label}: {status} {text[..Math.Min(300, text.Length)]}");
            if (route.Method != "POST") continue;

            // Refused requests must have left the incident and the incident count as they were; accepted ones move them on.
            var now = await (await admin.GetAsync($"/api/incidents/{id}")).ExpectJson(HttpStatusCode.OK);
            var nowVersion = now["version"]!.GetValue<long>();
            var nowCount = route.Template == "/api/incidents" ? await admin.CountIncidents() : count;
            if (status >= 300 && (nowVersion != version || nowCount != count))
                failures.Add($"{label}: refused with {status} but version {version}->{nowVersion}, incidents {count}->{nowCount}");
            (version, count) = (nowVersion, nowCount);
        }

        // Nor may a background handler (escalation, drafts, dashboard, timing) have given up on what an accepted request
        // stored: once a checkpoint that lost a race with a request was dead-lettered here.
        var deadLetters = await (await admin.GetAsync("/api/escalations/dead-letters")).ExpectJsonArray(HttpStatusCode.OK);
        if (deadLetters.Count > 0) failures.Add($"dead letters: {deadLetters.ToJsonString()}");

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>What the fuzz test first found: PostgreSQL cannot store U+0000 in jsonb, so it was a 500 at commit.</summary>
    [Fact]
    public async Task A_NUL_character_in_a_field_is_a_400_naming_the_field()
    {
        await using var service = await RunningService.StartAsync(await TestDatabase.CreateAsync());
        using var client = service.Client();
        var response = await client.PostJson("/api/incidents",
            """{"title":"Lost\u0000laptop","description":"x","discoveredAt":"2026-01-01T00:00:00Z"}""");
        var problem = await response.ExpectJson(HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("title"), problem.ToJsonString());
        Assert.Equal(0, await client.CountIncidents());
    }
}
