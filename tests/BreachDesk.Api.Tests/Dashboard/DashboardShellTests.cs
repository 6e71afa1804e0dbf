using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using BreachDesk.Tests.Support;
using Microsoft.Playwright;
using static BreachDesk.Tests.Support.IncidentApi;
using static Microsoft.Playwright.Assertions;

namespace BreachDesk.Tests.Dashboard;

/// <summary>
/// The dashboard's shell in a real Chromium believing it is in Paris: reporting an incident, the board's banner, the
/// statutory due time and overdue tasks, one time convention (UTC and the person's zone), the audit page, search and
/// the skip link. A class of its own, so its overdue incidents have a database of their own too.
/// </summary>
public class DashboardShellTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private const string Paris = "Europe/Paris";
    private static readonly Regex IncidentPage = new("#/incidents/[0-9a-f-]{36}$");
    private RunningService Service => fixture.Service;

    /// <summary>An instant as the dashboard shows it in Paris: "2026-12-02 20:07 UTC (21:07 Paris)", the local date only when it differs.</summary>
    private static string Shown(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        var local = TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(Paris)).DateTime;
        var date = local.Date == utc.Date ? "" : local.ToString("yyyy-MM-dd ", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{utc:yyyy-MM-dd HH:mm} UTC ({date}{local:HH:mm} Paris)");
    }

    /// <summary>What a person in Paris types into a datetime-local input for an instant.</summary>
    private static string ParisInput(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(Paris)).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static DateTimeOffset ToTheMinute(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, t.Offset);

    private async Task<List<System.Text.Json.Nodes.JsonNode>> IncidentsTitled(string title)
    {
        var list = await (await Service.Client().GetAsync("/api/incidents?status=all&pageSize=200")).ExpectJson(HttpStatusCode.OK);
        return list["items"]!.AsArray().Where(i => i!["title"]!.GetValue<string>() == title).Select(i => i!).ToList();
    }

    [Fact]
    public async Task A_reporter_reports_an_incident_in_the_browser_its_times_read_in_their_zone_and_lands_on_its_page()
    {
        var page = await fixture.Browser.SignedInPage(Service, "dev-reporter", timezoneId: Paris);
        // Reporting is for roles that may report; the audit trail is not.
        await Expect(page.Locator(".top nav a[href='#/audit']")).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Report an incident", Exact = true }).ClickAsync();

        var title = $"Laptop stolen from a car {Guid.NewGuid():N}";
        var discovered = ToTheMinute(DateTimeOffset.UtcNow.AddHours(-2));
        var occurred = ToTheMinute(DateTimeOffset.UtcNow.AddHours(-5));
        var form = page.Locator("#report-form");
        // The date inputs say which zone they are read in.
        await Expect(form.Locator("#report-discoveredAt-zone")).ToContainTextAsync("Paris time (Europe/Paris, UTC+");
        await form.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await form.GetByLabel("What happened", new() { Exact = true }).FillAsync("An unencrypted laptop with payroll exports was taken from a parked car.");
        await form.GetByLabel("When it was discovered", new() { Exact = true }).FillAsync(ParisInput(discovered));
        await form.GetByLabel("When it happened", new() { Exact = true }).FillAsync(ParisInput(occurred));
        await form.GetByLabel("The time it happened is an estimate", new() { Exact = true }).CheckAsync();
        await form.GetByLabel("Who noticed it", new() { Exact = true }).SelectOptionAsync("staff");
        await form.GetByLabel("Systems affected", new() { Exact = true }).FillAsync("payroll\nlaptop fleet");
        await DashboardBrowser.Screenshot(page, "report-form");
        await form.GetByRole(AriaRole.Button, new() { Name = "Report incident" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(IncidentPage);
        await Expect(page.Locator("#main h1").First).ToContainTextAsync(title);
        var id = page.Url.Split('/').Last();
        var incident = await (await Service.Client().GetAsync($"/api/incidents/{id}")).ExpectJson(HttpStatusCode.OK);
        // 2 hours ago in Paris's wall-clock time, sent with Paris's offset, is 2 hours ago.
        Assert.Equal(discovered, incident["discoveredAt"].Time());
        Assert.Equal(occurred, incident["occurredAt"].Time());
        Assert.True(incident["occurredAtIsEstimate"]!.GetValue<bool>());
        Assert.Equal(["payroll", "laptop fleet"], incident["systems"]!.AsArray().Select(s => s!.GetValue<string>()));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Submitting_the_report_form_twice_makes_one_incident()
    {
        var page = await fixture.Browser.SignedInPage(Service, "dev-reporter", timezoneId: Paris);
        await page.GotoAsync("/#/report");
        var title = $"Double submitted {Guid.NewGuid():N}";
        var form = page.Locator("#report-form");
        await form.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await form.GetByLabel("What happened", new() { Exact = true }).FillAsync("A printout of HR cases was left on a train.");
        // Two submissions before the first is answered (the button is disabled by then; requestSubmit does not care),
        // as a double click on a slow connection or a retry after a lost answer would send them.
        await form.EvaluateAsync("f => { f.requestSubmit(); f.requestSubmit(); }");

        await Expect(page).ToHaveURLAsync(IncidentPage);
        var found = await IncidentsTitled(title);
        Assert.Single(found);
        Assert.EndsWith(found[0]["id"]!.GetValue<string>(), page.Url);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_bad_field_shows_its_error_next_to_it_in_the_forms_words_and_reports_nothing()
    {
        var page = await fixture.Browser.SignedInPage(Service, "dev-dpo", timezoneId: Paris);
        await page.GotoAsync("/#/report");
        var before = await Service.Client().CountIncidents();
        var form = page.Locator("#report-form");
        await form.GetByLabel("What happened", new() { Exact = true }).FillAsync("Mail merge sent letters to the wrong addresses.");
        await form.GetByLabel("When it was discovered", new() { Exact = true }).FillAsync(ParisInput(DateTimeOffset.UtcNow.AddHours(-3)));
        await form.GetByLabel("When it happened", new() { Exact = true }).FillAsync(ParisInput(DateTimeOffset.UtcNow.AddHours(-1)));
        await form.GetByRole(AriaRole.Button, new() { Name = "Report incident" }).ClickAsync();

        var titleError = form.Locator("[data-error-for=title]");
        await Expect(titleError).ToHaveTextAsync("Title is required.");
        await Expect(form.GetByLabel("Title", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        var occurredError = form.Locator("[data-error-for=occurredAt]");
        await Expect(occurredError).ToContainTextAsync("When it happened may not be after when it was discovered");
        await Expect(occurredError).Not.ToContainTextAsync("'");
        await Expect(form.Locator("[data-error-for=description]")).ToBeHiddenAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/report$"));
        await DashboardBrowser.Screenshot(page, "report-form-errors");
        Assert.Equal(before, await Service.Client().CountIncidents());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_board_is_red_when_anything_is_overdue_and_shows_the_statutory_time_beside_the_policys_and_overdue_tasks_in_utc_and_paris_time()
    {
        // Happened 31 hours before it was discovered: the policy's 72 hours run from the occurrence, the law's from
        // discovery, 30 hours later. The DPO's 6 hours from the occurrence are long gone.
        var incident = await Service.Client().ReportedIncident(ReportBody(
            title: $"Backup tape lost {Guid.NewGuid():N}", discoveredAt: HoursAgo(1), occurredAt: HoursAgo(31)));
        var id = incident["id"]!.GetValue<string>();
        var reference = incident["reference"]!.GetValue<string>();
        var task = $"Call the courier {Guid.NewGuid():N}"[..30];
        (await Service.Client().PostAsJsonAsync($"/api/incidents/{id}/tasks",
            new { title = task, assignee = "sam", dueAt = Iso(HoursAgo(0.5)) })).EnsureSuccessStatusCode();
        var policyDue = incident["deadlines"]!["regulator"]!["dueAt"].Time();
        var statutoryDue = incident["deadlines"]!["regulator"]!["statutoryDueAt"].Time();
        Assert.NotEqual(policyDue, statutoryDue);

        var page = await fixture.Browser.SignedInPage(Service, "dev-dpo", timezoneId: Paris);
        var row = page.Locator($"#board tbody tr[data-reference='{reference}']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToHaveClassAsync("overdue");
        await Expect(row.Locator(".dpo .clock")).ToContainTextAsync("Overdue by");

        var banner = page.Locator("#board-summary");
        await Expect(banner).ToHaveClassAsync("banner red");
        await Expect(banner).ToContainTextAsync($"Overdue: ");
        await Expect(banner).ToContainTextAsync(reference);

        var regulator = row.Locator(".regulator");
        await Expect(regulator).ToContainTextAsync($"policy due {Shown(policyDue)}");
        await Expect(regulator.Locator(".statutory")).ToContainTextAsync($"statutory due {Shown(statutoryDue)}");
        await Expect(row.Locator(".dpo .due")).ToHaveTextAsync($"due {Shown(incident["deadlines"]!["dpo"]!["dueAt"].Time())}");
        await Expect(row.Locator(".tasks .task-overdue")).ToContainTextAsync($"Overdue: {task} (sam)");
        await DashboardBrowser.Screenshot(page, "board-overdue-paris");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_audit_page_says_in_words_that_a_record_is_intact_for_the_newest_incidents_and_by_reference()
    {
        var incident = await Service.Client().ReportedIncident();
        var id = incident["id"]!.GetValue<string>();
        var reference = incident["reference"]!.GetValue<string>();
        (await Service.Client().PostAsJsonAsync($"/api/incidents/{id}/notes", new { text = "Supplier confirmed deletion." })).EnsureSuccessStatusCode();
        var audit = await (await Service.Client("dev-auditor").GetAsync($"/api/incidents/{id}/audit")).ExpectJson(HttpStatusCode.OK);
        var events = audit["events"]!.AsArray().Count;
        Assert.True(events >= 2);
        var sentence = $"The record of {reference} is intact: {events} events, chain verified.";

        var page = await fixture.Browser.SignedInPage(Service, "dev-auditor");
        // An auditor reads; reporting is not offered.
        await Expect(page.Locator(".top nav a[href='#/report']")).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit", Exact = true }).ClickAsync();
        var item = page.Locator($"#audit-recent li[data-reference='{reference}']");
        await Expect(item).ToContainTextAsync(sentence);
        await Expect(item).ToHaveAttributeAsync("data-state", "intact");

        await page.GetByLabel("Incident reference", new() { Exact = true }).FillAsync(reference.ToLowerInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Check its record" }).ClickAsync();
        await Expect(page.Locator("#audit-checked")).ToContainTextAsync(sentence);
        await DashboardBrowser.Screenshot(page, "audit");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// NEEDS THE "search-send" BRANCH: GET /api/incidents?q=… and ?reference=… (API.md, "Case work and insight") are
    /// built there. Until it is merged the API ignores both and lists every incident, so this test fails on
    /// "exactly one found"; it passes once they are merged, unchanged.
    /// </summary>
    [Fact]
    public async Task Search_finds_an_incident_by_a_word_of_its_description_and_by_its_reference()
    {
        var word = $"zebrafish{Guid.NewGuid():N}"[..20];
        var wanted = await Service.Client().PostAsJsonAsync("/api/incidents", new
        {
            title = $"Shared drive opened to everyone {Guid.NewGuid():N}",
            description = $"The {word} project folder was shared with the whole company by mistake.",
            discoveredAt = Iso(HoursAgo(1)),
        });
        var found = await wanted.ExpectJson(HttpStatusCode.Created);
        var other = await Service.Client().ReportedIncident();

        var page = await fixture.Browser.SignedInPage(Service, "dev-oncall");
        await page.Locator("#board-search").FillAsync(word);
        await page.Locator("#board-search").PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex($"#/incidents\\?q={word}$"));
        var results = page.Locator("#found tbody tr");
        await Expect(results).ToHaveCountAsync(1);
        await Expect(results.First).ToHaveAttributeAsync("data-reference", found["reference"]!.GetValue<string>());

        var otherReference = other["reference"]!.GetValue<string>();
        await page.Locator("#search-page").FillAsync(otherReference);
        await page.Locator("#search-page").PressAsync("Enter");
        await Expect(results).ToHaveCountAsync(1);
        await Expect(results.First).ToHaveAttributeAsync("data-reference", otherReference);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Skip_to_content_focuses_the_page_content_and_stays_on_the_incident_page()
    {
        var incident = await Service.Client().ReportedIncident();
        var id = incident["id"]!.GetValue<string>();
        var page = await fixture.Browser.SignedInPage(Service, "dev-dpo");
        await page.GotoAsync($"/#/incidents/{id}");
        await Expect(page.Locator("#main h1").First).ToContainTextAsync(incident["reference"]!.GetValue<string>());

        await page.Locator(".skip").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#main")).ToBeFocusedAsync();
        Assert.EndsWith($"#/incidents/{id}", page.Url);
        await Expect(page.Locator("#main h1").First).ToContainTextAsync(incident["reference"]!.GetValue<string>());
        await page.Context.CloseAsync();
    }
}
