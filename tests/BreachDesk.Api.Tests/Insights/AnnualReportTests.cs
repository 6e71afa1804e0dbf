using System.Net;
using System.Text.Json.Nodes;
using BreachDesk.Tests.Support;

namespace BreachDesk.Tests.Insights;

/// <summary>The annual report's figures, as JSON and as CSV, against the incidents of <see cref="InsightsScenario"/>.</summary>
public sealed class AnnualReportTests(InsightsScenario scenario) : IClassFixture<InsightsScenario>
{
    private int Year => scenario.Earlier.UtcDateTime.Year;
    // C was discovered 8 hours ago: in the same year as A, B and D except in the first days of January.
    private int WithC => scenario.Recent.UtcDateTime.Year == Year ? 1 : 0;

    [Fact]
    public async Task The_json_report_holds_what_the_ico_and_the_board_ask_for()
    {
        var report = await (await scenario.Service.Client("dev-auditor").GetAsync($"/api/insights/annual-report?year={Year}"))
            .ExpectJson(HttpStatusCode.OK);

        Assert.Equal(Year, report["year"]!.GetValue<int>());
        Assert.Equal(3 + WithC, report["breachesRecorded"]!.GetValue<int>());
        var regulator = report["regulator"]!;
        Assert.Equal((2, 1, 1, 1, 0, WithC), (
            regulator["reported"]!.GetValue<int>(), regulator["withinStatutoryDeadline"]!.GetValue<int>(),
            regulator["afterStatutoryDeadline"]!.GetValue<int>(), regulator["notReportable"]!.GetValue<int>(),
            regulator["stillToReport"]!.GetValue<int>(), regulator["notYetAssessed"]!.GetValue<int>()));

        // B, 80 hours after awareness: 8 hours past the statutory 72, with its reason.
        var late = Assert.Single(report["lateReports"]!.AsArray())!;
        Assert.Equal((scenario.B, "PT8H", "The processor told us of the scope only on day three."),
            (late["reference"]!.GetValue<string>(), late["lateBy"]!.GetValue<string>(), late["lateReason"]!.GetValue<string>()));

        var people = report["dataSubjects"]!;
        Assert.Equal((1, 120L, 350L), (people["breachesWithPeopleTold"]!.GetValue<int>(), people["peopleTold"]!.GetValue<long>(),
            people["approxPeopleAffected"]!.GetValue<long>()));
        Assert.Equal((1, 1, 1), (report["risk"]!["none"]!.GetValue<int>(), report["risk"]!["risk"]!.GetValue<int>(), report["risk"]!["high"]!.GetValue<int>()));
        Assert.Equal(WithC, report["bySource"]!["third-party"]!.GetValue<int>());
        Assert.Equal(2, report["byDataCategory"]!["contact"]!.GetValue<int>());
        Assert.Equal("PT4H", report["clocks"]!["dpo"]!["median"]!.GetValue<string>());
        Assert.Equal("P2DT16H", report["clocks"]!["regulator"]!["median"]!.GetValue<string>());
        Assert.Equal(12, report["byMonth"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_csv_report_has_one_row_per_figure()
    {
        var response = await scenario.Service.Client("dev-dpo").GetAsync($"/api/insights/annual-report?year={Year}&format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"breach-annual-report-{Year}.csv", response.Content.Headers.ContentDisposition!.ToString());
        var rows = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF')
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split("\",\"").Select(cell => cell.Trim('"')).ToArray()).ToList();

        Assert.Equal(["section", "figure", "value", "detail"], rows[0]);
        string Value(string section, string figure) => rows.Single(r => r[0] == section && r[1] == figure)[2];
        Assert.Equal($"{3 + WithC}", Value("breaches", "recorded"));
        Assert.Equal("2", Value("regulator", "reported"));
        Assert.Equal("1", Value("regulator", "within-72-hours-of-awareness"));
        Assert.Equal("1", Value("regulator", "after-72-hours-of-awareness"));
        Assert.Equal("120", Value("data-subjects", "people-told"));
        Assert.Equal("PT4H", Value("dpo-clock", "median-from-awareness"));
        Assert.Equal("P3DT4H48M", Value("regulator-clock", "p90-from-awareness"));
        Assert.Equal("0.5", Value("regulator-clock", "on-time-rate"));
        Assert.Equal("1", Value("source", "processor"));
        Assert.Equal("1", Value("data-category", "financial"));
        var late = rows.Single(r => r[0] == "late-report");
        Assert.Equal([scenario.B, "PT8H", "The processor told us of the scope only on day three."], late[1..]);
    }

    [Theory]
    [InlineData("?year=26", "year")]
    [InlineData("?year=twenty", "year")]
    [InlineData("?format=pdf", "format")]
    public async Task A_bad_year_or_format_is_400_naming_it(string query, string field)
    {
        var problem = await (await scenario.Service.Client("dev-auditor").GetAsync($"/api/insights/annual-report{query}"))
            .ExpectJson(HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }
}
