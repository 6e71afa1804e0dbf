using System.Net;
using System.Net.Http.Json;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Reporting;

[Collection("service")]
public class ReportingAnIncidentTests(ServiceFixture fixture)
{
    private readonly HttpClient _reporter = fixture.Service.Client("dev-reporter");

    [Fact]
    public async Task A_reported_incident_comes_back_with_both_deadlines_as_api_md_defines_them()
    {
        var discovered = HoursAgo(2);
        var occurred = HoursAgo(5);

        var response = await _reporter.PostAsJsonAsync("/api/incidents", ReportBody(discoveredAt: discovered, occurredAt: occurred));
        var incident = await response.ExpectJson(HttpStatusCode.Created);

        Assert.Equal($"/api/incidents/{incident["id"]}", response.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        Assert.Matches(@"^BD-\d{4}-\d{4,}$", incident["reference"]!.GetValue<string>());
        Assert.Equal("open", incident["status"]!.GetValue<string>());
        Assert.Equal("dev-reporter", incident["reportedBy"]!.GetValue<string>());

        var dpo = incident["deadlines"]!["dpo"]!;
        Assert.Equal(Truncated(occurred.AddHours(6)), dpo["dueAt"].Time());
        Assert.Equal("occurrence", dpo["basis"]!.GetValue<string>());
        Assert.Equal("pending", dpo["status"]!.GetValue<string>());

        var regulator = incident["deadlines"]!["regulator"]!;
        Assert.Equal(Truncated(occurred.AddHours(72)), regulator["dueAt"].Time());
        Assert.Equal(Truncated(discovered.AddHours(72)), regulator["statutoryDueAt"].Time());
        Assert.Equal("pending", regulator["status"]!.GetValue<string>());
        Assert.EndsWith("Z", regulator["dueAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_an_occurrence_time_the_deadlines_count_from_discovery()
    {
        var discovered = HoursAgo(1);
        var incident = await _reporter.ReportedIncident(ReportBody(discoveredAt: discovered));

        Assert.Equal(Truncated(discovered.AddHours(6)), incident["deadlines"]!["dpo"]!["dueAt"].Time());
        Assert.Equal("discovery", incident["deadlines"]!["dpo"]!["basis"]!.GetValue<string>());
        Assert.Equal(incident["deadlines"]!["regulator"]!["dueAt"]!.ToJsonString(), incident["deadlines"]!["regulator"]!["statutoryDueAt"]!.ToJsonString());
    }

    [Fact]
    public async Task An_incident_reported_after_its_dpo_deadline_shows_it_missed_at_once()
    {
        var incident = await _reporter.ReportedIncident(ReportBody(discoveredAt: HoursAgo(7), occurredAt: HoursAgo(8)));

        Assert.Equal("missed", incident["deadlines"]!["dpo"]!["status"]!.GetValue<string>());
        Assert.Equal("pending", incident["deadlines"]!["regulator"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Times_sent_with_any_offset_are_answered_in_utc()
    {
        var incident = await _reporter.ReportedIncident(new
        {
            title = "Offset", description = "d",
            discoveredAt = "2026-01-10T09:00:00+05:30", occurredAt = "2026-01-09T20:00:00-01:00",
        });

        Assert.Equal("2026-01-10T03:30:00Z", incident["discoveredAt"]!.GetValue<string>());
        Assert.Equal("2026-01-09T21:00:00Z", incident["occurredAt"]!.GetValue<string>());
        Assert.Equal("2026-01-10T03:00:00Z", incident["deadlines"]!["dpo"]!["dueAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_incident_can_be_read_back_listed_and_its_timeline_lists_the_report()
    {
        var reported = await _reporter.ReportedIncident();
        var id = reported["id"]!.GetValue<string>();
        var auditor = fixture.Service.Client("dev-auditor");

        var read = await auditor.GetAsync($"/api/incidents/{id}");
        var incident = await read.ExpectJson(HttpStatusCode.OK);
        Assert.Equal(reported.ToJsonString(), incident.ToJsonString());
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);

        var list = await (await auditor.GetAsync("/api/incidents?status=open&pageSize=200")).ExpectJson(HttpStatusCode.OK);
        Assert.Contains(list["items"]!.AsArray(), item => item!["id"]!.GetValue<string>() == id);
        Assert.True(list["total"]!.GetValue<long>() >= 1);

        var timeline = await (await auditor.GetAsync($"/api/incidents/{id}/timeline")).ExpectJsonArray(HttpStatusCode.OK);
        // Escalations, from the incident's escalation log, are merged in by time and may be there at once: count people's facts.
        var entry = Assert.Single(timeline, e => !e!["kind"]!.GetValue<string>().StartsWith("escalation-", StringComparison.Ordinal))!;
        Assert.Equal("incident-reported", entry["kind"]!.GetValue<string>());
        Assert.Equal("dev-reporter", entry["actor"]!.GetValue<string>());
        Assert.Equal(1, entry["version"]!.GetValue<long>());
        Assert.Contains(reported["reference"]!.GetValue<string>(), entry["summary"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_incident_is_404()
    {
        var response = await _reporter.GetAsync($"/api/incidents/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await _reporter.GetAsync($"/api/incidents/{Guid.NewGuid()}/timeline")).StatusCode);
    }

    /// <summary>The API answers with the precision it was given; these tests send milliseconds.</summary>
    private static DateTimeOffset Truncated(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerMillisecond, t.Offset);
}
