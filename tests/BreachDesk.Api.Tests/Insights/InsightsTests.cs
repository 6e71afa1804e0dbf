using System.Net;
using System.Text.Json.Nodes;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Insights.InsightsScenario;

namespace BreachDesk.Tests.Insights;

/// <summary>Every figure of <c>GET /api/insights</c>, against incidents whose facts the test made (<see cref="InsightsScenario"/>).</summary>
public sealed class InsightsTests(InsightsScenario scenario) : IClassFixture<InsightsScenario>
{
    private async Task<JsonObject> Insights(string query) =>
        await (await scenario.Service.Client("dev-dpo").GetAsync($"/api/insights{query}")).ExpectJson(HttpStatusCode.OK);

    [Fact]
    public async Task The_period_counts_breaches_by_month_source_category_and_outcome()
    {
        var figures = await Insights($"?from={Day(scenario.Earlier)}&to={Day(DateTimeOffset.UtcNow)}");

        Assert.Equal(4, figures["incidents"]!.GetValue<int>());
        Assert.Equal("month", figures["bucket"]!.GetValue<string>());
        var months = figures["byMonth"]!.AsArray().ToDictionary(m => m!["period"]!.GetValue<string>(), m => m!);
        Assert.Equal(Month(scenario.Earlier), months.Keys.First());
        Assert.Equal(Month(DateTimeOffset.UtcNow), months.Keys.Last());
        Assert.Equal(3, months[Month(scenario.Earlier)]["incidents"]!.GetValue<int>());
        Assert.Equal(1, months[Month(scenario.Recent)]["incidents"]!.GetValue<int>());
        Assert.Equal(4, months.Values.Sum(m => m["incidents"]!.GetValue<int>()));
        Assert.Equal(Counts(("staff", 1), ("processor", 1), ("third-party", 0), ("automated", 1)),
            Counts(months[Month(scenario.Earlier)]["bySource"]!));
        Assert.Equal(2, months[Month(scenario.Earlier)]["byDataCategory"]!["contact"]!.GetValue<int>());

        Assert.Equal(Counts(("staff", 1), ("processor", 1), ("third-party", 1), ("automated", 1)), Counts(figures["bySource"]!));
        var categories = Counts(figures["byDataCategory"]!);
        Assert.Equal((2, 1, 1), (categories["contact"], categories["financial"], categories["credentials"]));
        Assert.Equal(4, categories.Values.Sum());
        Assert.Equal(1, figures["notAssessed"]!.GetValue<int>());
        Assert.Equal(Counts(("reported", 2), ("not-reportable", 1), ("to-report", 0), ("not-assessed", 1)), Counts(figures["byOutcome"]!));
    }

    [Fact]
    public async Task Times_to_notify_are_medians_and_90th_percentiles_from_awareness_and_the_share_on_time_counts_decided_clocks()
    {
        var clocks = (await Insights($"?from={Day(scenario.Earlier)}"))["clocks"]!;

        // DPO: 2 h, 4 h and 10 h after awareness; met, met, late; C's clock missed.
        var dpo = clocks["dpo"]!;
        Assert.Equal(("PT4H", "PT8H48M", 3), (Text(dpo, "median"), Text(dpo, "p90"), dpo["measured"]!.GetValue<int>()));
        Assert.Equal((2, 1, 1, 0, 0), Statuses(dpo));
        Assert.Equal(0.5, dpo["onTimeRate"]!.GetValue<double>());
        Assert.Equal(1, dpo["overdueNow"]!.GetValue<int>());

        // Regulator: 48 h (on time) and 80 h (late); C's still running, D's not required: neither counts in the share.
        var regulator = clocks["regulator"]!;
        Assert.Equal(("P2DT16H", "P3DT4H48M", 2), (Text(regulator, "median"), Text(regulator, "p90"), regulator["measured"]!.GetValue<int>()));
        Assert.Equal((1, 1, 0, 1, 1), Statuses(regulator));
        Assert.Equal(0.5, regulator["onTimeRate"]!.GetValue<double>());
        Assert.Equal(0, regulator["overdueNow"]!.GetValue<int>());
    }

    [Fact]
    public async Task Open_and_overdue_now_are_the_state_now_whatever_the_period()
    {
        // A long-past week holds none of the incidents; the current state is the same.
        var figures = await Insights("?from=2020-01-06&to=2020-01-12&bucket=week");
        Assert.Equal(0, figures["incidents"]!.GetValue<int>());
        Assert.Equal("2020-W02", figures["byMonth"]!.AsArray().Single()!["period"]!.GetValue<string>());
        Assert.Null(figures["clocks"]!["dpo"]!["median"]);
        Assert.Null(figures["clocks"]!["dpo"]!["onTimeRate"]);
        // A, B and C are open (D and E closed); only C has a clock past due.
        Assert.Equal((3, 1), (figures["openNow"]!.GetValue<int>(), figures["overdueNow"]!.GetValue<int>()));
    }

    [Fact]
    public async Task By_default_the_last_twelve_months_and_by_quarter_on_request()
    {
        var figures = await Insights("");
        Assert.Equal(12, figures["byMonth"]!.AsArray().Count);
        Assert.Equal(4, figures["incidents"]!.GetValue<int>()); // E, 800 days ago, is outside.

        var quarters = await Insights($"?from={Day(scenario.Earlier)}&bucket=quarter");
        Assert.All(quarters["byMonth"]!.AsArray(), q => Assert.Matches(@"^\d{4}-Q[1-4]$", q!["period"]!.GetValue<string>()));
        Assert.Equal(4, quarters["byMonth"]!.AsArray().Sum(q => q!["incidents"]!.GetValue<int>()));
    }

    [Theory]
    [InlineData("?from=2026-13-01", "from")]
    [InlineData("?to=yesterday", "to")]
    [InlineData("?from=2026-06-01&to=2026-05-31", "from")]
    [InlineData("?from=2000-01-01&to=2026-01-01", "to")]
    [InlineData("?bucket=day", "bucket")]
    [InlineData("?bucket=1", "bucket")]
    public async Task Bad_dates_a_reversed_period_and_an_unknown_bucket_are_400_naming_the_field(string query, string field)
    {
        var response = await scenario.Service.Client("dev-auditor").GetAsync($"/api/insights{query}");
        var problem = await response.ExpectJson(HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Fact]
    public async Task Reporters_and_on_call_engineers_may_not_read_insights()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await scenario.Service.Client("dev-reporter").GetAsync("/api/insights")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scenario.Service.Client("dev-oncall").GetAsync("/api/insights")).StatusCode);
    }

    private static string? Text(JsonNode node, string name) => node[name]?.GetValue<string>();

    private static (int, int, int, int, int) Statuses(JsonNode clock) => (
        clock["met"]!.GetValue<int>(), clock["metLate"]!.GetValue<int>(), clock["missed"]!.GetValue<int>(),
        clock["pending"]!.GetValue<int>(), clock["notRequired"]!.GetValue<int>());

    private static Dictionary<string, int> Counts(JsonNode node) =>
        node.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<int>());

    private static Dictionary<string, int> Counts(params (string Key, int Count)[] counts) => counts.ToDictionary(c => c.Key, c => c.Count);
}
