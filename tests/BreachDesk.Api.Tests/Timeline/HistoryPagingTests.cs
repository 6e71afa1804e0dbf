using System.Net;
using System.Text.Json.Nodes;
using BreachDesk.Tests.Reporting;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Timeline;

/// <summary>
/// The timeline and the audit trail read an incident's history a page at a time: <c>after</c> (a version) and
/// <c>limit</c>, with <c>Link: &lt;…&gt;; rel="next"</c> while more remain. Their bodies keep their shapes.
/// </summary>
[Collection("service")]
public class HistoryPagingTests(ServiceFixture fixture)
{
    private async Task<IncidentClient> IncidentWithFiveEvents()
    {
        var incident = await IncidentClient.Reported(fixture.Service);
        for (var i = 1; i <= 4; i++)
            await incident.Do("containment", new { action = $"Step {i}.", takenAt = Iso(HoursAgo(0.5)) });
        return incident;
    }

    /// <summary>Follows the Link headers from <paramref name="first"/>; each page's body and whether it had a link.</summary>
    private async Task<List<(JsonNode Body, bool Linked)>> Follow(string first)
    {
        var pages = new List<(JsonNode, bool)>();
        var client = fixture.Service.Client("dev-auditor");
        for (string? url = first; url is not null;)
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            url = null;
            var linked = response.Headers.TryGetValues("Link", out var links);
            if (linked)
            {
                var link = Assert.Single(links!);
                Assert.EndsWith("; rel=\"next\"", link);
                url = link[1..link.IndexOf('>')];
            }
            pages.Add((JsonNode.Parse(await response.Content.ReadAsStringAsync())!, linked));
            Assert.True(pages.Count < 100, "the walk ends");
        }
        return pages;
    }

    /// <summary>People's facts: the lines the pages count. Escalations (their own stream) are merged in by time.</summary>
    private static List<JsonNode> Facts(JsonNode page) =>
        page.AsArray().Where(e => !e!["kind"]!.GetValue<string>().StartsWith("escalation-", StringComparison.Ordinal)).ToList()!;

    [Fact]
    public async Task The_timeline_comes_in_pages_of_limit_entries_linked_to_the_next()
    {
        var incident = await IncidentWithFiveEvents();
        var pages = await Follow($"/api/incidents/{incident.Id}/timeline?limit=2");
        Assert.All(pages.SkipLast(1), p => Assert.Equal(2, Facts(p.Body).Count));
        Assert.True(pages.SkipLast(1).All(p => p.Linked) && !pages[^1].Linked);
        var versions = pages.SelectMany(p => Facts(p.Body)).Select(e => e["version"]!.GetValue<long>()).ToList();
        // Every fact once, in order.
        Assert.Equal(Enumerable.Range(1, 5).Select(v => (long)v), versions);

        var afterThree = await (await fixture.Service.Client().GetAsync($"/api/incidents/{incident.Id}/timeline?after=3&limit=1"))
            .ExpectJsonArray(HttpStatusCode.OK);
        Assert.Equal(4, Assert.Single(Facts(afterThree))["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task The_audit_trail_comes_in_pages_each_verified_from_the_link_before_it()
    {
        var incident = await IncidentWithFiveEvents();

        var pages = await Follow($"/api/incidents/{incident.Id}/audit?limit=2");
        Assert.True(pages.Count >= 3);
        Assert.All(pages, p => Assert.True(p.Body["intact"]!.GetValue<bool>(), p.Body.ToJsonString()));
        var events = pages.SelectMany(p => p.Body["events"]!.AsArray()).ToList();
        Assert.Equal(Enumerable.Range(1, events.Count).Select(v => (long)v), events.Select(e => e!["version"]!.GetValue<long>()));
        Assert.All(pages, p => Assert.Equal(p.Body["events"]!.AsArray()[^1]!["hash"]!.GetValue<string>(), p.Body["head"]!.GetValue<string>()));

        var whole = await (await fixture.Service.Client("dev-auditor").GetAsync($"/api/incidents/{incident.Id}/audit")).ExpectJson(HttpStatusCode.OK);
        Assert.Equal(
            whole["events"]!.AsArray().Select(e => e!["hash"]!.GetValue<string>()).Take(events.Count),
            events.Select(e => e!["hash"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Past_the_end_is_an_empty_page_and_an_unknown_incident_is_404()
    {
        var incident = await IncidentClient.Reported(fixture.Service);
        var empty = await (await fixture.Service.Client().GetAsync($"/api/incidents/{incident.Id}/timeline?after=1000")).ExpectJsonArray(HttpStatusCode.OK);
        Assert.Empty(empty);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Service.Client().GetAsync($"/api/incidents/{Guid.NewGuid()}/timeline?after=5")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Service.Client("dev-auditor").GetAsync($"/api/incidents/{Guid.NewGuid()}/audit")).StatusCode);
    }

    [Theory]
    [InlineData("timeline", "after=-1", "after")]
    [InlineData("timeline", "after=99999999999", "after")]
    [InlineData("timeline", "limit=0", "limit")]
    [InlineData("audit", "limit=1001", "limit")]
    [InlineData("audit", "after=x", "after")]
    public async Task Bad_paging_values_are_a_400_naming_them(string route, string query, string field)
    {
        var incident = await IncidentClient.Reported(fixture.Service);
        await BadInputTests.AssertValidationProblem(
            await fixture.Service.Client("dev-auditor").GetAsync($"/api/incidents/{incident.Id}/{route}?{query}"), field, query);
    }
}
