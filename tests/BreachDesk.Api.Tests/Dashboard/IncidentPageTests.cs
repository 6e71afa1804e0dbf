using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using BreachDesk.Escalating;
using BreachDesk.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static BreachDesk.Tests.Support.IncidentApi;
using static Microsoft.Playwright.Assertions;

namespace BreachDesk.Tests.Dashboard;

/// <summary>The incident page as the people on an incident use it, in Chromium against the running service; each test its own incident.</summary>
public class IncidentPageTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private RunningService Service => fixture.Service;

    private static ILocator Form(IPage page, string name) => page.GetByRole(AriaRole.Form, new() { Name = name, Exact = true });

    private static Task Submit(ILocator form, string name) => form.GetByRole(AriaRole.Button, new() { Name = name, Exact = true }).ClickAsync();

    private static System.Text.RegularExpressions.Regex Starting(string text) => new($"^{System.Text.RegularExpressions.Regex.Escape(text)}");

    /// <summary>
    /// A datetime-local value for some hours ago, in the browser's own zone (which the form says it reads), to the minute:
    /// Chromium serializes a value whose seconds are :00 without them, and Playwright's fill calls a value the input
    /// does not give back "Malformed", so a value to the second failed this test once a minute.
    /// </summary>
    private static Task<string> BrowserLocal(IPage page, double hoursAgo) => page.EvaluateAsync<string>(
        "h => { const d = new Date(Date.now() - h * 3600000); return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16); }",
        hoursAgo);

    [Fact]
    public async Task A_responder_revises_the_occurrence_records_containment_and_impact_takes_the_incident_and_adds_a_task_a_note_and_evidence()
    {
        var incident = await Service.Client().ReportedIncident(ReportBody(discoveredAt: HoursAgo(1)));
        var id = incident["id"]!.GetValue<string>();
        var page = await fixture.Browser.SignedInPage(Service, "dev-reporter");
        await page.GotoAsync($"/#/incidents/{id}");

        var occurrence = Form(page, "When it occurred");
        await occurrence.GetByLabel(Starting("Occurred at")).FillAsync(await BrowserLocal(page, 3));
        await occurrence.GetByLabel("This time is an estimate").CheckAsync();
        await occurrence.GetByLabel("Why it changed", new() { Exact = true }).FillAsync("The VPN logs show the first access earlier.");
        await Submit(occurrence, "Revise the occurrence time");
        await Expect(page.Locator("#occurred")).ToContainTextAsync("(estimate)");

        var containment = Form(page, "Containment");
        await containment.GetByLabel("What was done", new() { Exact = true }).FillAsync("Revoked the contractor's VPN account.");
        await Submit(containment, "Record containment");
        await Expect(page.Locator("#containment")).ToContainTextAsync("Revoked the contractor's VPN account.");

        var impact = Form(page, "Impact");
        await impact.GetByLabel("confidentiality", new() { Exact = true }).CheckAsync();
        await impact.GetByLabel("contact", new() { Exact = true }).CheckAsync();
        await impact.GetByLabel("financial", new() { Exact = true }).CheckAsync();
        await impact.GetByLabel("People affected (about)", new() { Exact = true }).FillAsync("40");
        await impact.GetByLabel("Groups of people", new() { Exact = true }).FillAsync("customers, suppliers");
        await impact.GetByLabel("How easily people can be identified", new() { Exact = true }).SelectOptionAsync("maximum");
        await Submit(impact, "Record the impact");
        await Expect(page.Locator("#impact")).ToContainTextAsync("contact, financial");
        await Expect(page.Locator("#impact")).ToContainTextAsync("customers, suppliers");
        await Expect(page.Locator("#risk-factors li").First).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Take it: make me the owner" }).ClickAsync();
        await Expect(page.Locator("#owner")).ToContainTextAsync("dev-reporter (you)");

        var task = Form(page, "Add a task");
        await task.GetByLabel("Task", new() { Exact = true }).FillAsync("Ask the supplier to delete the file");
        await task.GetByLabel("Assignee (the name they sign in with)", new() { Exact = true }).FillAsync("sam.sec");
        await Submit(task, "Add a task");
        var row = page.Locator("#tasks tbody tr", new() { HasText = "Ask the supplier to delete the file" });
        await Expect(row).ToContainTextAsync("sam.sec");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Done: Ask the supplier to delete the file" })).ToBeVisibleAsync();

        var note = Form(page, "Add a note");
        await note.GetByLabel(Starting("Note")).FillAsync("Spoke to the supplier's DPO by phone.");
        await Submit(note, "Add a note");
        await Expect(page.Locator("#timeline")).ToContainTextAsync("Spoke to the supplier's DPO by phone.");

        var bytes = Encoding.UTF8.GetBytes("From: payroll@example.org\nTo: wrong@supplier.example\n\nThe spreadsheet.\n");
        var evidence = Form(page, "Add evidence");
        await evidence.GetByLabel("File", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "sent-mail.eml", MimeType = "message/rfc822", Buffer = bytes });
        await evidence.GetByLabel("What it is", new() { Exact = true }).FillAsync("The e-mail as sent, exported from the mail server.");
        await Submit(evidence, "Add evidence");
        var file = page.Locator("#evidence > li", new() { HasText = "sent-mail.eml" });
        await Expect(file).ToContainTextAsync(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        await Expect(file).ToContainTextAsync($"{bytes.Length} bytes");
        await Expect(file).ToContainTextAsync("dev-reporter");
        await Expect(file.Locator("summary")).ToHaveTextAsync("Chain of custody (1 entry)");

        var download = await page.RunAndWaitForDownloadAsync(() => file.GetByRole(AriaRole.Button, new() { Name = "Download sent-mail.eml" }).ClickAsync());
        Assert.Equal("sent-mail.eml", download.SuggestedFilename);
        await Expect(file.Locator("summary")).ToHaveTextAsync("Chain of custody (2 entries)");
        await file.Locator("summary").ClickAsync();
        await Expect(file.Locator(".custody li").Nth(1)).ToContainTextAsync("downloaded by dev-reporter");
        await DashboardBrowser.Screenshot(page, "incident-responder");

        var after = await (await Service.Client().GetAsync($"/api/incidents/{id}")).ExpectJson(HttpStatusCode.OK);
        Assert.Equal("dev-reporter", after.Text("owner"));
        Assert.True(after["occurredAtIsEstimate"]!.GetValue<bool>());
        Assert.Equal(["contact", "financial"], after["impact"]!["dataCategories"]!.AsArray().Select(c => c!.GetValue<string>()));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_on_call_engineer_sees_the_forms_of_their_role_and_none_of_the_dpos()
    {
        var incident = await Service.Client().ReportedIncident();
        var page = await fixture.Browser.SignedInPage(Service, "dev-oncall");
        await page.GotoAsync($"/#/incidents/{incident["id"]}");

        await Expect(Form(page, "Containment")).ToBeVisibleAsync();
        await Expect(Form(page, "DPO notified")).ToBeVisibleAsync();
        await Expect(Form(page, "Add a task")).ToBeVisibleAsync();
        await Expect(Form(page, "Add evidence")).ToBeVisibleAsync();
        foreach (var dpoOnly in new[] { "Risk assessment", "Regulator notified", "Data subjects notified", "Third party notified", "Close",
                     "Impact", "When it occurred", "Assign an owner" })
            await Expect(Form(page, dpoOnly)).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Take it: make me the owner" })).ToHaveCountAsync(0);
        await Expect(page.Locator(".evidence-card")).ToContainTextAsync("Your role may add evidence but not read it");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_closed_incident_shows_its_outcome_and_lessons_learned_and_the_dpo_can_reopen_it()
    {
        var incident = await Service.Client().ReportedIncident();
        var id = incident["id"]!.GetValue<string>();
        var dpo = Service.Client("dev-dpo");
        (await dpo.PostAsJsonAsync($"/api/incidents/{id}/risk-assessment", new { level = "none", rationale = "Encrypted laptop, key safe." })).EnsureSuccessStatusCode();
        (await dpo.PostAsJsonAsync($"/api/incidents/{id}/close", new { outcome = "Laptop recovered unopened.", lessonsLearned = "Keep laptops in the locker overnight." }))
            .EnsureSuccessStatusCode();
        var page = await fixture.Browser.SignedInPage(Service, "dev-dpo");
        await page.GotoAsync($"/#/incidents/{id}");

        await Expect(page.Locator("#status")).ToHaveTextAsync("Closed");
        await Expect(page.Locator("#outcome")).ToHaveTextAsync("Laptop recovered unopened.");
        await Expect(page.Locator("#lessons-learned")).ToHaveTextAsync("Keep laptops in the locker overnight.");
        await Expect(Form(page, "Close")).ToHaveCountAsync(0);
        await Expect(Form(page, "Containment")).ToHaveCountAsync(0);
        await Expect(Form(page, "Add a task")).ToContainTextAsync("This incident is closed: reopen it");
        await DashboardBrowser.Screenshot(page, "incident-closed");

        var reopen = Form(page, "Reopen");
        await reopen.GetByLabel("Why it is reopened", new() { Exact = true }).FillAsync("The laptop's disk was found to be unencrypted.");
        await Submit(reopen, "Reopen incident");
        await Expect(page.Locator("#status")).ToHaveTextAsync("Open");
        await Expect(Form(page, "Close")).ToBeVisibleAsync();
        await Expect(Form(page, "Reopen")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_missing_field_is_named_by_its_label_beside_the_field()
    {
        var incident = await Service.Client().ReportedIncident();
        var page = await fixture.Browser.SignedInPage(Service, "dev-dpo");
        await page.GotoAsync($"/#/incidents/{incident["id"]}");

        var form = Form(page, "DPO notified");
        await form.GetByLabel("Likely impact", new() { Exact = true }).FillAsync("Contact details of 40 customers.");
        await Submit(form, "DPO notified");

        var error = form.Locator("[data-error-for=howItOccurred]");
        await Expect(error).ToHaveTextAsync("How it occurred is required.");
        var field = form.GetByLabel("How it occurred", new() { Exact = true });
        await Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Contains(await error.GetAttributeAsync("id"), (await field.GetAttributeAsync("aria-describedby"))!.Split(' '));
        await Expect(form).Not.ToContainTextAsync("howItOccurred");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Past_the_statutory_deadline_the_regulator_form_asks_for_the_reason_for_lateness_and_once_reported_is_disabled_saying_so()
    {
        var incident = await Service.Client().ReportedIncident(ReportBody(discoveredAt: HoursAgo(80), occurredAt: HoursAgo(80)));
        var id = incident["id"]!.GetValue<string>();
        var page = await fixture.Browser.SignedInPage(Service, "dev-dpo");
        await page.GotoAsync($"/#/incidents/{id}");
        await Expect(page.Locator("#regulator-clock .statutory-due")).ToContainTextAsync("Art. 33(1)");

        var form = Form(page, "Regulator notified");
        await Expect(form.GetByLabel("Reason for lateness (required)", new() { Exact = true })).ToHaveAttributeAsync("aria-required", "true");
        await form.GetByLabel("Regulator's reference", new() { Exact = true }).FillAsync("ICO-123");
        await Submit(form, "Regulator notified");
        var error = form.Locator("[data-error-for=lateReason]");
        await Expect(error).ToContainTextAsync("Reason for lateness is required");

        await form.GetByLabel("Reason for lateness (required)", new() { Exact = true }).FillAsync("The supplier told us only today.");
        await Submit(form, "Regulator notified");
        await Expect(Form(page, "Regulator notified")).ToContainTextAsync("Already reported to ICO");
        await Expect(Form(page, "Regulator notified").GetByRole(AriaRole.Button, new() { Name = "Regulator notified" })).ToBeDisabledAsync();
        await Expect(page.Locator("#regulator-clock .clock")).ToHaveTextAsync(Starting("Met late at"));
        await page.Context.CloseAsync();
    }

    /// <remarks>
    /// Needs <c>POST …/dpo-notice/send</c> (branch "search-send"): until that is merged the route is a 404 and this test
    /// fails. The dashboard fixture configures no <c>BreachDesk:Dpo:Email</c>, so the service answers 409 naming it.
    /// </remarks>
    [Fact]
    public async Task Without_a_dpo_address_the_send_button_is_disabled_saying_why_and_nothing_is_recorded()
    {
        var incident = await Service.Client().ReportedIncident();
        var id = incident["id"]!.GetValue<string>();
        var page = await fixture.Browser.SignedInPage(Service, "dev-oncall");
        await page.GotoAsync($"/#/incidents/{id}");

        var send = page.GetByRole(AriaRole.Button, new() { Name = "Send the DPO notice by e-mail", Exact = true });
        await send.ClickAsync();
        await Expect(page.Locator("#dpo-send-why")).ToContainTextAsync("No DPO e-mail address is configured");
        await Expect(send).ToBeDisabledAsync();
        await Expect(send).ToHaveAttributeAsync("aria-describedby", "dpo-send-why");

        var after = await (await Service.Client().GetAsync($"/api/incidents/{id}")).ExpectJson(HttpStatusCode.OK);
        Assert.Empty(after["dpoNotices"]!.AsArray());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_older_incident_shows_its_own_escalations_when_more_than_a_thousand_newer_exist()
    {
        var incident = await Service.Client().ReportedIncident();
        var id = incident["id"]!.GetValue<string>();
        var reference = incident["reference"]!.GetValue<string>();
        var store = Service.Services.GetRequiredService<IDocumentStore>();
        var older = DateTimeOffset.UtcNow.AddDays(-3);
        var open = Guid.NewGuid();
        var closed = Guid.NewGuid();
        await using (var session = store.LightweightSession())
        {
            // Stored as the projection would have them: the point is which ones the page asks the service for.
            session.Store(new EscalationView { Id = open, IncidentId = Guid.Parse(id), Reference = reference, Deadline = DeadlineKind.Dpo,
                Checkpoint = "due-in-3h", Level = 1, DueAt = older.AddHours(3), RaisedAt = older, LastRaisedAt = older, Status = EscalationStatus.Open });
            session.Store(new EscalationView { Id = closed, IncidentId = Guid.Parse(id), Reference = reference, Deadline = DeadlineKind.Regulator,
                Checkpoint = "due-in-48h", Level = 1, DueAt = older.AddHours(48), RaisedAt = older.AddMinutes(-1), Status = EscalationStatus.Resolved,
                ResolvedAt = older.AddHours(1) });
            for (var n = 0; n < 1001; n++)
            {
                // Newer than any this incident has, its own "reported" escalation (raised now by the service) included.
                var at = DateTimeOffset.UtcNow.AddMinutes(5 + n);
                session.Store(new EscalationView { Id = Guid.NewGuid(), IncidentId = Guid.NewGuid(), Reference = $"BD-2026-{n:D4}", Deadline = DeadlineKind.Dpo,
                    Checkpoint = "due-in-1h", Level = 2, DueAt = at.AddHours(1), RaisedAt = at, Status = EscalationStatus.Open });
            }
            await session.SaveChangesAsync();
        }
        var everyone = await (await Service.Client().GetAsync("/api/escalations?state=all")).ExpectJsonArray(HttpStatusCode.OK);
        Assert.DoesNotContain(everyone, e => e!["incidentId"]!.GetValue<string>() == id); // the capped list has lost them

        var page = await fixture.Browser.SignedInPage(Service, "dev-dpo");
        await page.GotoAsync($"/#/incidents/{id}");
        await Expect(page.Locator($"tr[data-escalation-id='{open}']").GetByRole(AriaRole.Button, new() { Name = "Acknowledge: DPO notice due in 3 hours", Exact = true }))
            .ToBeVisibleAsync();
        var resolved = page.Locator($"tr[data-escalation-id='{closed}']");
        await Expect(resolved).ToContainTextAsync("Regulator report");
        await Expect(resolved).ToContainTextAsync("Resolved");
        await Expect(resolved.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
