using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Reporting;

/// <summary>Bad input of every kind is a 400 problem naming the field, and stores nothing.</summary>
[Collection("service")]
public class BadInputTests(ServiceFixture fixture)
{
    private readonly HttpClient _reporter = fixture.Service.Client("dev-reporter");

    public static TheoryData<string, string, string> BadReports()
    {
        var past = Iso(HoursAgo(2));
        var future = Iso(DateTimeOffset.UtcNow.AddHours(2));
        return new()
        {
            { "malformed JSON", """{"title": "x", "description": """, "body" },
            { "not an object", """["a list"]""", "body" },
            { "empty body", "", "body" },
            { "missing title", $$"""{"description":"d","discoveredAt":"{{past}}"}""", "title" },
            { "blank description", $$"""{"title":"t","description":"  ","discoveredAt":"{{past}}"}""", "description" },
            { "missing discoveredAt", """{"title":"t","description":"d"}""", "discoveredAt" },
            { "title of the wrong type", $$"""{"title":42,"description":"d","discoveredAt":"{{past}}"}""", "title" },
            { "systems of the wrong type", $$"""{"title":"t","description":"d","discoveredAt":"{{past}}","systems":"crm"}""", "systems" },
            { "estimate flag of the wrong type", $$"""{"title":"t","description":"d","discoveredAt":"{{past}}","occurredAt":"{{past}}","occurredAtIsEstimate":"yes"}""", "occurredAtIsEstimate" },
            { "timestamp without offset", """{"title":"t","description":"d","discoveredAt":"2026-01-10T09:00:00"}""", "discoveredAt" },
            { "timestamp that is no date", """{"title":"t","description":"d","discoveredAt":"yesterday"}""", "discoveredAt" },
            { "discovery in the future", $$"""{"title":"t","description":"d","discoveredAt":"{{future}}"}""", "discoveredAt" },
            { "occurrence after discovery", $$"""{"title":"t","description":"d","discoveredAt":"{{Iso(HoursAgo(3))}}","occurredAt":"{{past}}"}""", "occurredAt" },
            { "unknown source", $$"""{"title":"t","description":"d","discoveredAt":"{{past}}","source":"rumour"}""", "source" },
            { "source as a number", $$"""{"title":"t","description":"d","discoveredAt":"{{past}}","source":1}""", "source" },
            { "misspelt field", $$"""{"title":"t","description":"d","discoveredAt":"{{past}}","occuredAt":"{{past}}"}""", "occuredAt" },
            { "overlong title", $$"""{"title":"{{new string('t', 201)}}","description":"d","discoveredAt":"{{past}}"}""", "title" },
            { "blank system", $$"""{"title":"t","description":"d","discoveredAt":"{{past}}","systems":["crm",""]}""", "systems[1]" },
            { "deeply nested JSON", "{\"title\":" + new string('[', 100) + new string(']', 100) + "}", "title" },
            { "nesting beyond the depth limit", new string('[', 100) + new string(']', 100), "body" },
        };
    }

    [Theory]
    [MemberData(nameof(BadReports))]
    public async Task A_bad_report_is_a_400_naming_the_field_and_stores_nothing(string why, string json, string field)
    {
        var before = await _reporter.CountIncidents();

        var response = await _reporter.PostJson("/api/incidents", json);

        await AssertValidationProblem(response, field, why);
        Assert.Equal(before, await _reporter.CountIncidents());
    }

    [Fact]
    public async Task An_oversized_body_is_a_400_and_stores_nothing()
    {
        var before = await _reporter.CountIncidents();
        var json = $$"""{"title":"t","description":"{{new string('d', 300 * 1024)}}","discoveredAt":"{{Iso(HoursAgo(1))}}"}""";

        await AssertValidationProblem(await _reporter.PostJson("/api/incidents", json), "body", "oversized");
        Assert.Equal(before, await _reporter.CountIncidents());
    }

    [Fact]
    public async Task Invalid_utf8_is_a_400_and_stores_nothing()
    {
        var before = await _reporter.CountIncidents();
        var bytes = Encoding.UTF8.GetBytes($$"""{"title":"t?","description":"d","discoveredAt":"{{Iso(HoursAgo(1))}}"}""");
        bytes[Array.IndexOf(bytes, (byte)'?')] = 0xC3; // a lead byte with no continuation
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await _reporter.PostAsync("/api/incidents", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await _reporter.CountIncidents());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_and_stores_nothing()
    {
        var before = await _reporter.CountIncidents();
        var response = await _reporter.PostJson("/api/incidents", "title=t", "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(before, await _reporter.CountIncidents());
    }

    [Fact]
    public async Task Every_problem_of_a_request_is_reported_at_once()
    {
        var response = await _reporter.PostJson("/api/incidents", """{"description":"","discoveredAt":"2999-01-01T00:00:00Z"}""");
        var problem = await response.ExpectJson(HttpStatusCode.BadRequest);
        var fields = problem["errors"]!.AsObject().Select(pair => pair.Key).Order().ToArray();
        Assert.Equal(["description", "discoveredAt", "title"], fields);
    }

    [Theory]
    [InlineData("status=everything", "status")]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=10000", "pageSize")]
    [InlineData("page=abc", "page")]
    public async Task Bad_list_parameters_are_a_400_naming_them(string query, string field)
    {
        await AssertValidationProblem(await _reporter.GetAsync($"/api/incidents?{query}"), field, query);
    }

    internal static async Task AssertValidationProblem(HttpResponseMessage response, string field, string why)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonNode.Parse(text)!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"{why}: expected an error for '{field}', got {errors.ToJsonString()}");
        Assert.NotEmpty(errors[field]!.AsArray());
    }
}
