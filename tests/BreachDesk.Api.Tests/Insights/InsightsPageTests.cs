using BreachDesk.Tests.Dashboard;
using BreachDesk.Tests.Support;
using Microsoft.Playwright;
using static BreachDesk.Tests.Insights.InsightsScenario;
using static Microsoft.Playwright.Assertions;

namespace BreachDesk.Tests.Insights;

/// <summary>The scenario's incidents and a browser.</summary>
public sealed class InsightsPageFixture : IAsyncLifetime
{
    public InsightsScenario Scenario { get; } = new();
    public DashboardBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Scenario.InitializeAsync();
        Browser = await DashboardBrowser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Scenario.DisposeAsync();
    }
}

/// <summary>The insights page and the annual report in Chromium, under the service's strict CSP, against known incidents.</summary>
public sealed class InsightsPageTests(InsightsPageFixture fixture) : IClassFixture<InsightsPageFixture>
{
    private InsightsScenario Scenario => fixture.Scenario;

    [Fact]
    public async Task The_insights_page_draws_charts_and_shows_the_figures_in_tables_beside_them()
    {
        var page = await fixture.Browser.SignedInPage(Scenario.Service, "dev-dpo");
        var refused = RefusedByPolicy(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Insights", Exact = true }).ClickAsync();
        // The last twelve months first, their first day filled in.
        await Expect(page.GetByLabel("From (UTC day)")).Not.ToHaveValueAsync("");
        await page.GetByLabel("From (UTC day)").FillAsync(Day(Scenario.Earlier));
        await page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
        await Expect(page.Locator("#insights-status")).ToHaveTextAsync($"4 breaches from {Day(Scenario.Earlier)} to {Day(DateTimeOffset.UtcNow)}.");

        // The table alternative of the chart by source: the first month's row, and the totals.
        var sources = page.Locator("#by-source-table");
        await Expect(sources.Locator("thead th")).ToHaveTextAsync(["Month", "Staff", "Processor", "Third party", "Automated detection", "All"]);
        await Expect(sources.Locator("tbody tr").Filter(new() { HasText = Month(Scenario.Earlier) }).Locator("td"))
            .ToHaveTextAsync(["1", "1", "0", "1", "3"]);
        await Expect(sources.Locator("tfoot td")).ToHaveTextAsync(["1", "1", "1", "1", "4"]);
        await Expect(page.Locator("#by-category-table tr").Filter(new() { HasText = "Contact details" }).Locator("td")).ToHaveTextAsync("2");

        var dpo = page.Locator("#times-table tbody tr").Filter(new() { HasText = "DPO notice" }).Locator("td");
        await Expect(dpo).ToHaveTextAsync(["4 h", "8 h 48 min", "3"]);
        var regulator = page.Locator("#times-table tbody tr").Filter(new() { HasText = "Regulator" }).Locator("td");
        await Expect(regulator).ToHaveTextAsync(["2 d 16 h", "3 d 4 h 48 min", "2"]);
        await Expect(page.Locator("#on-time-table tbody tr").Filter(new() { HasText = "DPO notice" }).Locator("td"))
            .ToHaveTextAsync(["50%", "2", "1", "1", "0", "0", "1"]);
        await Expect(page.Locator("[data-figure=openNow]")).ToHaveTextAsync("3");
        await Expect(page.Locator("[data-figure=overdueNow]")).ToHaveTextAsync("1");

        // The charts are drawn: Chart.js owns each canvas and has painted pixels on it.
        foreach (var chart in new[] { "by-source-chart", "by-category-chart", "times-chart", "on-time-chart", "outcomes-chart" })
            Assert.True(await page.EvaluateAsync<bool>(
                """
                id => {
                  const canvas = document.getElementById(id);
                  if (!window.Chart?.getChart(canvas) || canvas.width === 0) return false;
                  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                  return pixels.some(v => v !== 0);
                }
                """, chart), $"{chart} was not drawn.");
        Assert.Empty(refused);
        await DashboardBrowser.Screenshot(page, "insights");
        await page.SetViewportSizeAsync(390, 844);
        await Expect(page.Locator("#by-source-table")).ToBeVisibleAsync();
        await DashboardBrowser.Screenshot(page, "insights-phone");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_annual_report_page_shows_the_years_numbers_and_prints_without_the_dashboard_around_it()
    {
        var year = Scenario.Earlier.UtcDateTime.Year;
        var withC = Scenario.Recent.UtcDateTime.Year == year ? 1 : 0;
        var page = await fixture.Browser.SignedInPage(Scenario.Service, "dev-auditor");
        var refused = RefusedByPolicy(page);
        await page.GotoAsync($"/#/insights/annual-report/{year}");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Personal data breaches: annual report {year}");
        await Expect(page.Locator("[data-figure=breachesRecorded]")).ToHaveTextAsync($"{3 + withC}");
        await Expect(page.Locator("[data-figure=reported]")).ToHaveTextAsync("2");
        await Expect(page.Locator("[data-figure=withinStatutoryDeadline]")).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-figure=afterStatutoryDeadline]")).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-figure=peopleTold]")).ToHaveTextAsync("120");
        var late = page.Locator("#late-reports tbody tr");
        await Expect(late).ToHaveCountAsync(1);
        await Expect(late).ToContainTextAsync(Scenario.B);
        await Expect(late).ToContainTextAsync("8 h");
        await Expect(late).ToContainTextAsync("The processor told us of the scope only on day three.");
        await Expect(page.Locator("#annual-times-table tbody tr").First.Locator("td").First).ToHaveTextAsync("4 h");
        Assert.True(await page.EvaluateAsync<bool>("() => !!window.Chart?.getChart(document.getElementById('annual-months-chart'))"));

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.Locator("header.top")).ToBeHiddenAsync();
        await Expect(page.Locator("#annual-report-print")).ToBeHiddenAsync();
        await Expect(page.Locator("#late-reports")).ToBeVisibleAsync();
        Assert.Empty(refused);
        await DashboardBrowser.Screenshot(page, "annual-report-print");

        // On paper, through Chromium's own print to PDF and poppler's pdftotext: every section, the late report's
        // reason, and none of the dashboard around it.
        var pdf = await PrintedPdf.PrintAsync(page);
        foreach (var heading in new[] { $"Personal data breaches: annual report {year}", "Summary", "Time from awareness to notice",
                     "Reports to the regulator after 72 hours, with reasons", "Risk decisions", "By source", "By data category", "By month" })
            Assert.True(pdf.Holds(heading), $"The printed annual report lacks '{heading}':\n{pdf.Text}");
        Assert.True(pdf.Holds("The processor told us of the scope only on day three."), pdf.Text);
        Assert.False(pdf.Holds("Deadline board"), $"The printed annual report shows the navigation:\n{pdf.Text}");
        await page.Context.CloseAsync();
    }

    /// <summary>What the browser refused under the Content-Security-Policy (a chart library that injected styles would show here).</summary>
    private static List<string> RefusedByPolicy(IPage page)
    {
        var refused = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) refused.Add(message.Text);
        };
        return refused;
    }
}
