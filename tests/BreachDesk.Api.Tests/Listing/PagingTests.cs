using System.Net;
using System.Text.Json.Nodes;
using BreachDesk.Tests.Reporting;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Listing;

/// <summary>
/// The list and the register page by number (the contract) and by cursor (<c>after</c> = the <c>next</c> of the page
/// before, also in a <c>Link</c> header); walking by cursor sees every incident once, in order, as pages by number do.
/// </summary>
[Collection("service")]
public class PagingTests(ServiceFixture fixture)
{
    private async Task<List<JsonObject>> Walk(string route, int pageSize)
    {
        var pages = new List<JsonObject>();
        var client = fixture.Service.Client("dev-auditor");
        var url = $"{route}?status=all&pageSize={pageSize}";
        while (true)
        {
            var response = await client.GetAsync(url);
            var page = await response.ExpectJson(HttpStatusCode.OK);
            pages.Add(page);
            var next = page["next"]?.GetValue<string>();
            if (next is null)
            {
                Assert.False(response.Headers.Contains("Link"));
                return pages;
            }
            var link = Assert.Single(response.Headers.GetValues("Link"));
            Assert.EndsWith("; rel=\"next\"", link);
            url = link[1..link.IndexOf('>')];
            Assert.Contains($"after={next}", url);
            Assert.Contains($"pageSize={pageSize}", url);
            Assert.True(pages.Count < 10_000, "the walk ends");
        }
    }

    private static List<string> Ids(IEnumerable<JsonObject> pages) =>
        pages.SelectMany(p => p["items"]!.AsArray()).Select(i => i!["id"]!.GetValue<string>()).ToList();

    [Theory]
    [InlineData("/api/incidents")]
    [InlineData("/api/register")]
    public async Task Walking_by_cursor_sees_every_incident_once_in_the_order_of_numbered_pages(string route)
    {
        for (var i = 0; i < 5; i++) await IncidentClient.Reported(fixture.Service);

        var walked = await Walk(route, pageSize: 3);
        var ids = Ids(walked);
        var total = walked[0]["total"]!.GetValue<long>();
        Assert.Equal(total, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(walked.Skip(1), page => Assert.Null(page["page"]));

        var numbered = new List<JsonObject>();
        for (var page = 1; page <= (total + 2) / 3; page++)
            numbered.Add(await (await fixture.Service.Client("dev-auditor").GetAsync($"{route}?status=all&pageSize=3&page={page}"))
                .ExpectJson(HttpStatusCode.OK));
        Assert.Equal(ids, Ids(numbered));

        var reported = walked.SelectMany(p => p["items"]!.AsArray()).Select(i => i!["reportedAt"].Time()).ToList();
        Assert.Equal(route == "/api/register" ? reported.Order() : reported.OrderDescending(), reported);
    }

    [Fact]
    public async Task A_page_past_the_last_is_empty_and_has_no_next()
    {
        var page = await (await fixture.Service.Client().GetAsync("/api/incidents?page=100000&pageSize=200")).ExpectJson(HttpStatusCode.OK);
        Assert.Empty(page["items"]!.AsArray());
        Assert.Null(page["next"]);
    }

    [Theory]
    [InlineData("/api/incidents", "page=2147483647&pageSize=2", "page")]
    [InlineData("/api/register", "page=2147483647&pageSize=1000", "page")]
    [InlineData("/api/register", "page=10737420&pageSize=200", "page")]
    [InlineData("/api/incidents", "page=99999999999", "page")]
    [InlineData("/api/incidents", "after=not-a-cursor", "after")]
    [InlineData("/api/register", "after=AAAA", "after")]
    [InlineData("/api/incidents", "page=2&after=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "after")]
    public async Task Pages_out_of_range_and_bad_cursors_are_a_400_naming_the_field(string route, string query, string field) =>
        await BadInputTests.AssertValidationProblem(await fixture.Service.Client("dev-auditor").GetAsync($"{route}?{query}"), field, query);
}
