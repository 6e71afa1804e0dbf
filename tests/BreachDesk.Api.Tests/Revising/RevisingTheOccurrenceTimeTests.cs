using System.Text.Json.Nodes;
using System.Net;
using System.Net.Http.Json;
using BreachDesk.Tests.Reporting;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Revising;

[Collection("service")]
public class RevisingTheOccurrenceTimeTests(ServiceFixture fixture)
{
    private readonly HttpClient _reporter = fixture.Service.Client("dev-reporter");

    [Fact]
    public async Task Revising_earlier_then_later_moves_both_deadlines_and_the_timeline_shows_why()
    {
        var discovered = DateTimeOffset.Parse("2026-02-01T12:00:00Z");
        var incident = await _reporter.ReportedIncident(ReportBody(discoveredAt: discovered, occurredAt: discovered.AddHours(-2)));
        var id = incident["id"]!.GetValue<string>();

        var earlier = await (await Revise(id, "2026-01-31T20:00:00Z", "Firewall logs show access the evening before.")).ExpectJson(HttpStatusCode.OK);
        Assert.Equal("2026-02-01T02:00:00Z", earlier["deadlines"]!["dpo"]!["dueAt"]!.GetValue<string>());
        Assert.Equal("2026-02-03T20:00:00Z", earlier["deadlines"]!["regulator"]!["dueAt"]!.GetValue<string>());
        Assert.Equal("2026-02-04T12:00:00Z", earlier["deadlines"]!["regulator"]!["statutoryDueAt"]!.GetValue<string>());
        Assert.Equal(2, earlier["version"]!.GetValue<long>());

        var later = await (await Revise(id, "2026-02-01T11:00:00Z", "The evening entries were a test account.")).ExpectJson(HttpStatusCode.OK);
        Assert.Equal("2026-02-01T17:00:00Z", later["deadlines"]!["dpo"]!["dueAt"]!.GetValue<string>());
        Assert.Equal("2026-02-04T11:00:00Z", later["deadlines"]!["regulator"]!["dueAt"]!.GetValue<string>());

        // People's facts: escalations (the report-time one is recorded with the report) are merged in by time.
        var timeline = new JsonArray((await (await _reporter.GetAsync($"/api/incidents/{id}/timeline")).ExpectJsonArray(HttpStatusCode.OK))
            .Where(e => !e!["kind"]!.GetValue<string>().StartsWith("escalation-", StringComparison.Ordinal)).Select(e => e!.DeepClone()).ToArray());
        Assert.Equal(["incident-reported", "occurrence-time-revised", "occurrence-time-revised"],
            timeline.Select(e => e!["kind"]!.GetValue<string>()));
        Assert.Contains("Firewall logs show access the evening before.", timeline[1]!["summary"]!.GetValue<string>());
        Assert.Contains("2026-02-01 10:00 UTC", timeline[1]!["summary"]!.GetValue<string>());
        Assert.Equal([1L, 2L, 3L], timeline.Select(e => e!["version"]!.GetValue<long>()));
    }

    [Fact]
    public async Task An_occurrence_after_discovery_is_a_400_and_changes_nothing()
    {
        var incident = await _reporter.ReportedIncident(ReportBody(discoveredAt: HoursAgo(3)));
        var id = incident["id"]!.GetValue<string>();

        await BadInputTests.AssertValidationProblem(await Revise(id, Iso(HoursAgo(1)), "typo"), "occurredAt", "after discovery");
        var unchanged = await (await _reporter.GetAsync($"/api/incidents/{id}")).ExpectJson(HttpStatusCode.OK);
        Assert.Equal(1, unchanged["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_stale_if_match_is_412_and_changes_nothing_while_the_current_one_succeeds()
    {
        var incident = await _reporter.ReportedIncident(ReportBody(discoveredAt: HoursAgo(3)));
        var id = incident["id"]!.GetValue<string>();
        (await Revise(id, Iso(HoursAgo(4)), "first", ifMatch: "\"1\"")).EnsureSuccessStatusCode();

        var stale = await Revise(id, Iso(HoursAgo(5)), "second", ifMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var current = await _reporter.GetAsync($"/api/incidents/{id}");
        Assert.Equal("\"2\"", current.Headers.ETag!.Tag);

        var fresh = await Revise(id, Iso(HoursAgo(5)), "second", ifMatch: "\"2\"");
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal("\"3\"", fresh.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Revising_an_unknown_incident_is_404()
    {
        var response = await Revise(Guid.NewGuid().ToString(), Iso(HoursAgo(4)), "x");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private Task<HttpResponseMessage> Revise(string id, string occurredAt, string reason, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{id}/occurrence")
        {
            Content = JsonContent.Create(new { occurredAt, isEstimate = false, reason }),
        };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return _reporter.SendAsync(request);
    }
}
