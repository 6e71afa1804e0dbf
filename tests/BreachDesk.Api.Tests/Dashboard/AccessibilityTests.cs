using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using BreachDesk.Tests.Support;
using Microsoft.Playwright;
using static BreachDesk.Tests.Support.IncidentApi;
using static Microsoft.Playwright.Assertions;

namespace BreachDesk.Tests.Dashboard;

/// <summary>
/// axe on every page of the dashboard, at a desktop's and a phone's width: no serious or critical violation. With
/// BREACHDESK_SCREENSHOTS naming a folder, the desktop run also writes the README's screenshots there (board.png,
/// incident.png, draft-printed.png); a normal run writes nothing.
/// </summary>
public class AccessibilityTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    /// <summary>How long a page may take to draw on a busy shared machine (Playwright\'s default is 5 s).</summary>
    private const float Wait = 30_000;

    private RunningService Service => fixture.Service;

    [Theory]
    [InlineData(1280, 900, "desktop")]
    [InlineData(390, 844, "phone")]
    public async Task Every_page_has_no_serious_or_critical_axe_violation(int width, int height, string device)
    {
        var shots = device == "desktop" ? Environment.GetEnvironmentVariable("BREACHDESK_SCREENSHOTS") : null;
        // An open incident with an escalation (the DPO clock's first checkpoint fires at once), an overdue one for the
        // board's red row, and a closed one.
        var overdue = await Service.Client().ReportedIncident(ReportBody(title: "Laptop left on a train", discoveredAt: HoursAgo(8), occurredAt: HoursAgo(9)));
        var open = await IncidentClient.Reported(Service, ReportBody(title: "Customer list e-mailed to the wrong supplier"));
        await open.Do("impact", new
        {
            breachTypes = new[] { "confidentiality" }, dataCategories = new[] { "contact" }, approxDataSubjects = 120, approxRecords = 120,
            subjectGroups = new[] { "customers" }, dataEncrypted = false, keyCompromised = false, maliciousIntent = false, dataRecovered = false,
            identifiability = "maximum", countries = new[] { "GB" }, likelyConsequences = "Unwanted contact; possible phishing.",
        }, "dev-dpo");
        var closed = await IncidentClient.Reported(Service);
        await closed.Do("risk-assessment", new { level = "none", rationale = "The recipient deleted it unread." });
        await closed.Do("close", new { outcome = "Contained.", lessonsLearned = "Check recipients before sending." });
        await Poll.Until(async () => (await Service.Client("dev-oncall").GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>(
            $"/api/escalations?state=all&incidentId={open.Id}"))!.Count > 0, TimeSpan.FromSeconds(60), "an escalation for the open incident");

        var signIn = await fixture.Browser.NewPage(Service, width, height);
        await signIn.GotoAsync("/");
        await DashboardBrowser.ExpectSignInPage(signIn);
        await Expect(signIn.GetByLabel("Development key", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = Wait });
        await Accessibility.AssertNoSeriousViolations(signIn, $"the sign-in page, {device}");
        await signIn.Context.CloseAsync();

        var page = await fixture.Browser.SignedInPage(Service, "dev-dpo", width, height);

        await page.GotoAsync("/#/");
        await Expect(page.Locator($"#board tbody tr[data-incident-id='{overdue["id"]}']")).ToBeVisibleAsync(new() { Timeout = Wait });
        await Accessibility.AssertNoSeriousViolations(page, $"the deadline board, {device}");
        if (shots is not null) await Shoot(page, shots, "board.png");

        await page.GotoAsync($"/#/incidents/{open.Id}");
        await Expect(page.Locator("#drafts .draft")).ToHaveCountAsync(3, new() { Timeout = Wait });
        await Expect(page.Locator("#drafts")).Not.ToContainTextAsync("Loading…", new() { Timeout = Wait });
        // Each draft's own h1 is nested under its section there: the page keeps one h1, the incident's.
        await Expect(page.Locator("#main h1")).ToHaveCountAsync(1);
        await Expect(page.Locator("#drafts .draft .body h4").First).ToBeVisibleAsync();
        await Expect(page.Locator("table.escalations tbody tr").First).ToBeVisibleAsync(new() { Timeout = Wait });
        await Accessibility.AssertNoSeriousViolations(page, $"an open incident's page, {device}");
        if (shots is not null) await Shoot(page, shots, "incident.png");

        await page.GotoAsync($"/#/incidents/{closed.Id}");
        await Expect(page.Locator("#status[data-status='closed']")).ToBeVisibleAsync(new() { Timeout = Wait });
        await Accessibility.AssertNoSeriousViolations(page, $"a closed incident's page, {device}");

        await page.GotoAsync($"/#/incidents/{open.Id}/drafts/regulator");
        await Expect(page.Locator("#draft h1")).ToBeVisibleAsync(new() { Timeout = Wait });
        await Accessibility.AssertNoSeriousViolations(page, $"a draft's printable page, {device}");
        if (shots is not null)
            await File.WriteAllBytesAsync(Path.Combine(shots, "draft-printed.png"), await (await PrintedPdf.PrintAsync(page)).FirstPagePng(60));

        await page.GotoAsync("/#/escalations");
        await page.GetByLabel("Show").SelectOptionAsync("all");
        await Expect(page.Locator("table.escalations tbody tr").First).ToBeVisibleAsync(new() { Timeout = Wait });
        await Accessibility.AssertNoSeriousViolations(page, $"the escalations page, {device}");

        await page.GotoAsync("/#/register");
        await Expect(page.Locator($"#register tbody tr").First).ToBeVisibleAsync(new() { Timeout = Wait });
        await Accessibility.AssertNoSeriousViolations(page, $"the register, {device}");

        await page.GotoAsync("/#/report");
        await Expect(page.Locator("#report-form")).ToBeVisibleAsync(new() { Timeout = Wait });
        await Accessibility.AssertNoSeriousViolations(page, $"the report form, {device}");

        await page.GotoAsync("/#/incidents?q=laptop");
        await Expect(page.Locator("#search-status")).Not.ToBeEmptyAsync(new() { Timeout = Wait });
        await Accessibility.AssertNoSeriousViolations(page, $"the search page, {device}");

        await page.GotoAsync("/#/audit");
        await Expect(page.Locator("#audit-recent li").First).ToBeVisibleAsync(new() { Timeout = Wait });
        await Accessibility.AssertNoSeriousViolations(page, $"the audit page, {device}");

        await page.GotoAsync("/#/insights");
        await Expect(page.Locator("#insights table").First).ToBeVisibleAsync(new() { Timeout = Wait });
        await Accessibility.AssertNoSeriousViolations(page, $"the insights page, {device}");
        if (shots is not null) await Shoot(page, shots, "insights.png");

        await page.GotoAsync($"/#/insights/annual-report/{DateTimeOffset.UtcNow.Year}");
        await Expect(page.Locator("#annual-report")).ToBeVisibleAsync(new() { Timeout = Wait });
        await Accessibility.AssertNoSeriousViolations(page, $"the annual report, {device}");

        // Signed in, the sign-in page offers signing out.
        await page.GotoAsync("/#/sign-in");
        await Expect(page.Locator("#sign-out")).ToBeVisibleAsync(new() { Timeout = Wait });
        await Accessibility.AssertNoSeriousViolations(page, $"the sign-in page when signed in, {device}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Skip_to_content_moves_the_focus_to_the_page_and_stays_on_it()
    {
        var incident = await Service.Client().ReportedIncident(ReportBody());
        var page = await fixture.Browser.SignedInPage(Service, "dev-dpo");
        await page.GotoAsync($"/#/incidents/{incident["id"]}");
        await Expect(page.Locator("#status[data-status='open']")).ToBeVisibleAsync(new() { Timeout = Wait });
        var address = page.Url;

        // The skip link is the page's first Tab stop; Enter follows it as a keyboard user would.
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" });
        await skip.FocusAsync();
        await Expect(skip).ToBeVisibleAsync(new() { Timeout = Wait }); // shown once focused
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("main#main")).ToBeFocusedAsync();
        Assert.Equal(address, page.Url);
        await Expect(page.Locator("main h1").First).ToContainTextAsync(incident["reference"]!.GetValue<string>());
        await page.Context.CloseAsync();
    }

    private static async Task Shoot(IPage page, string folder, string name)
    {
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name), FullPage = name != "incident.png" });
    }
}
