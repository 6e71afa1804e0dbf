using System.Net;
using System.Net.Http.Json;
using BreachDesk.Tests.Support;
using Microsoft.Playwright;
using static BreachDesk.Tests.Support.IncidentApi;
using static Microsoft.Playwright.Assertions;

namespace BreachDesk.Tests.Dashboard;

/// <summary>The dashboard in a real headless Chromium against the real running service.</summary>
public class DashboardTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private RunningService Service => fixture.Service;

    [Fact]
    public async Task An_incident_reported_through_the_api_appears_on_the_open_board_without_a_reload_with_a_ticking_clock()
    {
        var page = await fixture.Browser.SignedInPage(Service, "dev-dpo");
        await Expect(page.Locator("#board")).ToBeVisibleAsync();
        // Survives only if the page is never reloaded.
        await page.EvaluateAsync("() => { window.notReloaded = true; }");

        var overdue = await Service.Client().ReportedIncident(ReportBody(title: $"Overdue laptop {Guid.NewGuid():N}", discoveredAt: HoursAgo(8), occurredAt: HoursAgo(8)));
        var incident = await Service.Client().ReportedIncident(ReportBody(title: $"Lost USB stick {Guid.NewGuid():N}"));
        var reference = incident["reference"]!.GetValue<string>();

        var row = page.Locator($"#board tbody tr[data-reference='{reference}']");
        await Expect(row).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "The board reloaded the page.");

        // Overdue first and unmistakable: the first row, marked overdue, its DPO clock saying so in words.
        var first = page.Locator("#board tbody tr").First;
        await Expect(first).ToHaveAttributeAsync("data-reference", overdue["reference"]!.GetValue<string>());
        await Expect(first).ToHaveClassAsync("overdue");
        await Expect(first.Locator(".dpo .clock")).ToContainTextAsync("Overdue by");

        var clock = row.Locator(".dpo .clock");
        await Expect(clock).ToHaveAttributeAsync("data-state", "green");
        var before = await clock.TextContentAsync();
        await Expect(clock).Not.ToHaveTextAsync(before!, new() { Timeout = 5000 });

        await DashboardBrowser.Screenshot(page, "board");
        await page.SetViewportSizeAsync(390, 844);
        await Expect(row).ToBeVisibleAsync();
        await DashboardBrowser.Screenshot(page, "board-phone");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Without_a_provider_configured_the_sign_in_page_offers_the_development_keys_only()
    {
        var response = await Service.Client(apiKey: null).GetAsync("/dashboard/config.json");
        var settings = await response.ExpectJson(HttpStatusCode.OK);
        Assert.True(settings["devKeys"]!.GetValue<bool>());
        Assert.Null(settings["oidc"]);
        // No provider: the page may connect to its own origin only.
        Assert.Equal(BreachDesk.Infrastructure.Limits.SecurityHeaders.ContentSecurityPolicy,
            response.Headers.GetValues("Content-Security-Policy").Single());

        var page = await fixture.Browser.NewPage(Service);
        await page.GotoAsync("/");
        await DashboardBrowser.ExpectSignInPage(page);
        await Expect(page.GetByLabel("Development key", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Sign in with") })).ToHaveCountAsync(0);
        await Expect(page.Locator("#bearer")).ToHaveCountAsync(0);
        await DashboardBrowser.Screenshot(page, "sign-in-dev-keys");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Recording_the_dpo_notice_through_the_form_turns_that_clock_green()
    {
        // Occurred 5.5 hours ago: half an hour left of the DPO's six, so the clock is amber.
        // One instant for both: two calls of HoursAgo a millisecond apart would put the occurrence after the discovery.
        var at = HoursAgo(5.5);
        var incident = await Service.Client().ReportedIncident(ReportBody(discoveredAt: at, occurredAt: at));
        var id = incident["id"]!.GetValue<string>();
        var page = await fixture.Browser.SignedInPage(Service, "dev-dpo");
        await page.GotoAsync($"/#/incidents/{id}");

        var clock = page.Locator("#dpo-clock .clock");
        await Expect(clock).ToHaveAttributeAsync("data-state", "amber");

        var form = page.GetByRole(AriaRole.Form, new() { Name = "DPO notified" });
        await form.GetByLabel("How it occurred", new() { Exact = true }).FillAsync("A spreadsheet was sent to the wrong supplier.");
        await form.GetByLabel("Likely impact", new() { Exact = true }).FillAsync("Contact details of 40 customers disclosed.");
        await form.GetByRole(AriaRole.Button, new() { Name = "DPO notified" }).ClickAsync();

        await Expect(clock).ToHaveAttributeAsync("data-state", "met");
        await Expect(clock).ToHaveClassAsync("clock green");
        await Expect(page.Locator("#timeline")).ToContainTextAsync("dpo");
        await DashboardBrowser.Screenshot(page, "dpo-notice-met");

        var after = await (await Service.Client().GetAsync($"/api/incidents/{id}")).ExpectJson(HttpStatusCode.OK);
        Assert.Equal("met", after.Text("deadlines.dpo.status"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_invalid_risk_assessment_shows_the_apis_error_beside_the_field_and_changes_nothing()
    {
        var incident = await Service.Client().ReportedIncident();
        var id = incident["id"]!.GetValue<string>();
        var page = await fixture.Browser.SignedInPage(Service, "dev-dpo");
        await page.GotoAsync($"/#/incidents/{id}");

        var form = page.GetByRole(AriaRole.Form, new() { Name = "Risk assessment" });
        await form.GetByLabel("Risk level", new() { Exact = true }).SelectOptionAsync("high");
        await form.GetByRole(AriaRole.Button, new() { Name = "Risk assessment" }).ClickAsync();

        var error = form.Locator("[data-error-for=rationale]");
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToHaveTextAsync("Rationale is required.");
        await Expect(form.GetByLabel("Rationale", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(form.Locator("[data-error-for=level]")).ToBeHiddenAsync();
        await DashboardBrowser.Screenshot(page, "risk-assessment-error");

        var after = await (await Service.Client().GetAsync($"/api/incidents/{id}")).ExpectJson(HttpStatusCode.OK);
        Assert.Null(after["risk"]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_register_page_downloads_the_csv_with_the_callers_credentials()
    {
        var incident = await Service.Client().ReportedIncident();
        var reference = incident["reference"]!.GetValue<string>();
        var page = await fixture.Browser.SignedInPage(Service, "dev-auditor");
        await page.GotoAsync("/#/register");
        await Expect(page.Locator("#register")).ToContainTextAsync(reference);

        await page.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync("closed");
        await Expect(page.Locator("#register")).Not.ToContainTextAsync(reference);
        await page.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync("all");
        await Expect(page.Locator("#register")).ToContainTextAsync(reference);
        await DashboardBrowser.Screenshot(page, "register");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download CSV" }).ClickAsync());
        Assert.StartsWith("breach-register-", download.SuggestedFilename);
        Assert.EndsWith(".csv", download.SuggestedFilename);
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", download.SuggestedFilename);
        await download.SaveAsAsync(path);
        var csv = await File.ReadAllTextAsync(path);
        Assert.Contains(reference, csv);
        Assert.Contains("Reference", csv.Split('\n')[0], StringComparison.OrdinalIgnoreCase);
        await page.Context.CloseAsync();
    }
}
