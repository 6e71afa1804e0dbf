using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;
using static Microsoft.Playwright.Assertions;

namespace BreachDesk.Tests.Dashboard;

/// <summary>
/// The board's banner when nothing is overdue: a database of its own (its own fixture), so no other test's overdue
/// incident turns it red.
/// </summary>
public class BoardBannerTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task The_banner_is_amber_not_red_when_a_clock_is_due_soon_and_nothing_is_overdue()
    {
        // Happened 5.5 hours ago: half an hour left of the DPO's six.
        var incident = await fixture.Service.Client().ReportedIncident(ReportBody(discoveredAt: HoursAgo(5.5), occurredAt: HoursAgo(5.5)));
        var reference = incident["reference"]!.GetValue<string>();

        var page = await fixture.Browser.SignedInPage(fixture.Service, "dev-oncall");
        var banner = page.Locator("#board-summary");
        await Expect(banner).ToHaveClassAsync("banner amber");
        await Expect(banner).ToContainTextAsync($"Due soon: 1 ({reference}). Nothing is overdue.");
        await Expect(page.Locator($"#board tbody tr[data-reference='{reference}'] .dpo .clock")).ToHaveAttributeAsync("data-state", "amber");
        await page.Context.CloseAsync();
    }
}
