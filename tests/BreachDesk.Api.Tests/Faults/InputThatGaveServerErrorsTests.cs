using System.Net;
using System.Text.Json;
using BreachDesk.Tests.Reporting;
using BreachDesk.Tests.Security;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Faults;

/// <summary>
/// Input that was a 500 (or was accepted though no user meant it) when the service was tried with third-party tools
/// (issue 14): each is now a 4xx problem that says what is wrong, and stores nothing.
/// </summary>
[Collection("service")]
public class InputThatGaveServerErrorsTests(ServiceFixture fixture)
{
    private readonly HttpClient _admin = fixture.Service.Client("dev-admin");

    public static TheoryData<string> IncidentCommands()
    {
        var commands = new TheoryData<string>();
        foreach (var route in RouteTable.Routes.Where(r => r.Method == "POST" && r.Template.StartsWith("/api/incidents/{id}/")))
            commands.Add(route.Template);
        return commands;
    }

    /// <summary>Was "Cannot use an empty Guid as the stream id": a 500 on every command.</summary>
    [Theory]
    [MemberData(nameof(IncidentCommands))]
    public async Task The_all_zero_id_is_an_unknown_incident_on_every_command(string template)
    {
        var route = RouteTable.Routes.Single(r => r.Method == "POST" && r.Template == template);
        var before = await _admin.CountIncidents();

        var response = await _admin.PostJson(template.Replace("{id}", Guid.Empty.ToString()),
            JsonSerializer.Serialize(route.Body?.Invoke() ?? new { }));

        var problem = await response.ExpectJson(HttpStatusCode.NotFound);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(Guid.Empty.ToString(), problem["detail"]!.GetValue<string>());
        Assert.Equal(before, await _admin.CountIncidents());
    }

    /// <summary>Was an OverflowException: durations just past TimeSpan's range.</summary>
    [Theory]
    [InlineData("P10675199DT2H48M5.4775808S")]
    [InlineData("-P10675199DT2H48M5.4775808S")]
    [InlineData("PT99999999999999H")]
    [InlineData("P99999999999999D")]
    public async Task A_window_past_the_range_of_a_duration_is_a_400_naming_within(string within)
    {
        var response = await _admin.GetAsync($"/api/deadlines?within={Uri.EscapeDataString(within)}");
        await BadInputTests.AssertValidationProblem(response, "within", within);
    }

    /// <summary>
    /// 0001-01-01 was a 201 that paged the executive within seconds (both clocks decades overdue). Before 1970 nothing
    /// recorded here can have happened; past the calendar's end is no time at all; year 9999 lies in the future.
    /// </summary>
    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00+14:00")]
    [InlineData("1969-12-31T23:59:59Z")]
    [InlineData("1970-01-01T00:30:00+01:00")]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("9999-12-31T23:59:59-14:00")]
    [InlineData("10000-01-01T00:00:00Z")]
    public async Task A_discovery_time_that_cannot_be_real_is_a_400_naming_it_and_stores_nothing(string discoveredAt)
    {
        var before = await _admin.CountIncidents();

        var response = await _admin.PostJson("/api/incidents",
            $$"""{"title":"Lost laptop","description":"Left on a train.","discoveredAt":"{{discoveredAt}}"}""");

        await BadInputTests.AssertValidationProblem(response, "discoveredAt", discoveredAt);
        Assert.Equal(before, await _admin.CountIncidents());
    }

    [Fact]
    public async Task The_message_for_a_time_before_1970_says_why()
    {
        var response = await _admin.PostJson("/api/incidents",
            """{"title":"Lost laptop","description":"Left on a train.","discoveredAt":"0001-01-01T00:00:00Z"}""");
        var problem = await response.ExpectJson(HttpStatusCode.BadRequest);
        var message = problem["errors"]!["discoveredAt"]![0]!.GetValue<string>();
        Assert.Contains("1970-01-01T00:00:00Z", message);
    }

    [Fact]
    public async Task The_floor_holds_for_every_command_not_only_the_report()
    {
        var incident = await _admin.ReportedIncident();
        var version = incident["version"]!.GetValue<long>();

        var response = await _admin.PostJson($"/api/incidents/{incident["id"]}/occurrence",
            """{"occurredAt":"1900-01-01T00:00:00Z","isEstimate":true,"reason":"A guess."}""");

        await BadInputTests.AssertValidationProblem(response, "occurredAt", "1900");
        var now = await (await _admin.GetAsync($"/api/incidents/{incident["id"]}")).ExpectJson(HttpStatusCode.OK);
        Assert.Equal(version, now["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task The_first_moment_of_1970_is_accepted()
    {
        var response = await _admin.PostJson("/api/incidents",
            """{"title":"Old tape found","description":"A backup tape of unknown age.","discoveredAt":"2026-01-01T00:00:00Z","occurredAt":"1970-01-01T00:00:00Z","occurredAtIsEstimate":true}""");
        var incident = await response.ExpectJson(HttpStatusCode.Created);
        Assert.Equal("1970-01-01T00:00:00Z", incident["occurredAt"]!.GetValue<string>());
    }
}
