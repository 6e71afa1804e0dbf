using System.Net;
using System.Text.Json.Nodes;
using BreachDesk.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using static BreachDesk.Tests.Support.IncidentApi;
using static Microsoft.Playwright.Assertions;

namespace BreachDesk.Tests.Dashboard;

/// <summary>
/// An escalation made to happen quickly: a DPO window of three seconds with one checkpoint at due, and no alert targets
/// (the escalation is recorded on the incident all the same).
/// </summary>
public class EscalationAcknowledgementTests
{
    private static Action<WebApplicationBuilder> ShortDpoDeadline => builder =>
    {
        var c = builder.Configuration;
        c["BreachDesk:Deadlines:DpoNoticeWithin"] = "PT3S";
        c["BreachDesk:Escalation:Dpo:Checkpoints:0:Name"] = "at-due";
        c["BreachDesk:Escalation:Dpo:Checkpoints:0:Level"] = "1";
        c["BreachDesk:Escalation:Dpo:Checkpoints:0:BeforeDue"] = "PT0S";
        c["BreachDesk:Escalation:Dpo:RepeatOverdueEvery"] = "PT1H";
    };

    [Fact]
    public async Task On_call_acknowledges_an_escalation_on_the_escalations_page()
    {
        await using var service = await RunningService.StartAsync(await TestDatabase.CreateAsync(), ShortDpoDeadline, "environment=Development");
        await using var browser = await DashboardBrowser.LaunchAsync();
        var now = DateTimeOffset.UtcNow.AddSeconds(-1);
        var incident = await service.Client().ReportedIncident(ReportBody(discoveredAt: now, occurredAt: now));
        var id = incident["id"]!.GetValue<string>();
        var reference = incident["reference"]!.GetValue<string>();

        var escalation = await WaitForEscalation(service, id, TimeSpan.FromSeconds(30));
        var page = await browser.SignedInPage(service, "dev-oncall");
        await page.GotoAsync("/#/escalations");

        var row = page.Locator($"tr[data-escalation-id='{escalation["id"]}']");
        await Expect(row).ToContainTextAsync(reference);
        await DashboardBrowser.Screenshot(page, "escalations-open");
        await row.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Acknowledge") }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0); // gone from the open ones

        await page.GetByLabel("Show", new() { Exact = true }).SelectOptionAsync("acknowledged");
        await Expect(page.Locator($"tr[data-escalation-id='{escalation["id"]}']")).ToContainTextAsync("Acknowledged by dev-oncall");
        await DashboardBrowser.Screenshot(page, "escalations-acknowledged");

        var all = await (await service.Client("dev-oncall").GetAsync("/api/escalations?state=acknowledged")).ExpectJsonArray(HttpStatusCode.OK);
        Assert.Contains(all, e => e!["id"]!.GetValue<string>() == escalation["id"]!.GetValue<string>() && e["acknowledgedBy"]!.GetValue<string>() == "dev-oncall");
    }

    private static async Task<JsonNode> WaitForEscalation(RunningService service, string incidentId, TimeSpan within)
    {
        var until = DateTimeOffset.UtcNow + within;
        while (true)
        {
            var open = await (await service.Client("dev-oncall").GetAsync("/api/escalations?state=open")).ExpectJsonArray(HttpStatusCode.OK);
            var found = open.FirstOrDefault(e => e!["incidentId"]!.GetValue<string>() == incidentId);
            if (found is not null) return found;
            Assert.True(DateTimeOffset.UtcNow < until, $"No escalation was raised for {incidentId} within {within}.");
            await Task.Delay(250);
        }
    }
}
