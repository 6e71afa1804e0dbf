using System.Net;
using System.Net.Http.Json;
using BreachDesk.Escalating.Sweeping;
using BreachDesk.Infrastructure.Database;
using BreachDesk.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Npgsql;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Escalating;

/// <summary>
/// The real sweeper, real time, real receivers (a signed webhook for the DPO, a PagerDuty stand-in for on-call): a
/// breach reported eight days after it happened, with the default policy but repeats every few seconds.
/// </summary>
public class LateReportEscalationTests
{
    private const string Secret = "whsec-late-91d3";

    private static Action<WebApplicationBuilder> Receivers(AlertReceiver webhook, JsonReceiver pagerDuty) => builder =>
    {
        var c = builder.Configuration;
        c["BreachDesk:Escalation:Dpo:Checkpoints:0:Name"] = "reported";
        c["BreachDesk:Escalation:Dpo:Checkpoints:0:Level"] = "1";
        c["BreachDesk:Escalation:Dpo:Checkpoints:0:AtReport"] = "true";
        c["BreachDesk:Escalation:Dpo:Checkpoints:1:Name"] = "due-in-3h";
        c["BreachDesk:Escalation:Dpo:Checkpoints:1:Level"] = "1";
        c["BreachDesk:Escalation:Dpo:Checkpoints:1:BeforeDue"] = "PT3H";
        c["BreachDesk:Escalation:Dpo:Checkpoints:2:Name"] = "due-in-1h";
        c["BreachDesk:Escalation:Dpo:Checkpoints:2:Level"] = "2";
        c["BreachDesk:Escalation:Dpo:Checkpoints:2:BeforeDue"] = "PT1H";
        c["BreachDesk:Escalation:Dpo:Checkpoints:3:Name"] = "at-due";
        c["BreachDesk:Escalation:Dpo:Checkpoints:3:Level"] = "3";
        c["BreachDesk:Escalation:Dpo:Checkpoints:3:BeforeDue"] = "PT0S";
        c["BreachDesk:Escalation:Dpo:RepeatOverdueEvery"] = "PT4S";
        c["BreachDesk:Escalation:Dpo:OverdueLevel"] = "4";
        c["BreachDesk:Escalation:SweepEvery"] = "PT0.2S";
        c["BreachDesk:Escalation:Targets:dpo:0:Channel"] = "webhook";
        c["BreachDesk:Escalation:Targets:dpo:0:Url"] = webhook.Url;
        c["BreachDesk:Escalation:Targets:dpo:0:Secret"] = Secret;
        c["BreachDesk:Escalation:Targets:oncall-primary:0:Channel"] = "pagerduty";
        c["BreachDesk:Escalation:Targets:oncall-primary:0:Url"] = pagerDuty.BaseUrl + "/v2/enqueue";
        c["BreachDesk:Escalation:Targets:oncall-primary:0:RoutingKey"] = "routing-key-1";
    };

    private static bool Dpo(AlertReceiver.Delivery d, string incident) =>
        d.Body["incidentId"]!.GetValue<string>() == incident && d.Body["deadline"]!.ToString().Equals("dpo", StringComparison.OrdinalIgnoreCase);

    [Fact]
    public async Task A_breach_reported_eight_days_late_raises_the_dpo_at_due_escalation_at_once_repeats_it_at_level_4_and_the_dpo_notice_resolves_it()
    {
        await using var webhook = await AlertReceiver.StartAsync(Secret);
        await using var pagerDuty = await JsonReceiver.StartAsync();
        var database = await TestDatabase.CreateAsync();
        await using var service = await RunningService.StartAsync(database, Receivers(webhook, pagerDuty));

        var breach = DateTimeOffset.UtcNow.AddDays(-8);
        var incident = await service.Client().ReportedIncident(ReportBody(discoveredAt: breach, occurredAt: breach));
        var id = incident["id"]!.GetValue<string>();

        // At once: the most severe passed checkpoint, at-due, level 3 (the DPO and deputy), not the report-time level 1.
        var raised = await webhook.WaitFor(d => Dpo(d, id) && d.Body["type"]!.GetValue<string>() == "escalation.raised", TimeSpan.FromSeconds(30));
        Assert.True(raised.SignatureValid);
        Assert.Equal(("at-due", 3), (raised.Body["checkpoint"]!.GetValue<string>(), raised.Body["level"]!.GetValue<int>()));
        var escalations = await (await service.Client("dev-oncall").GetAsync($"/api/escalations?state=all&incidentId={id}")).ExpectJsonArray(HttpStatusCode.OK);
        var dpo = Assert.Single(escalations, e => e!["deadline"]!.ToString().Equals("dpo", StringComparison.OrdinalIgnoreCase))!;
        // Its level is 3, or already 4 if a repeat came before this read (a busy machine).
        Assert.Equal(("at-due", "open"), (dpo["checkpoint"]!.GetValue<string>(), dpo["status"]!.GetValue<string>()));

        // Its level-4 repeat is planned: the incident's one wake-up row is due within one repeat interval, at priority 4.
        var (nextAt, priority) = await WakeUpAsync(database, id);
        Assert.Equal(4, priority);
        Assert.InRange((nextAt - DateTimeOffset.UtcNow).TotalSeconds, -30, 4.5);
        var repeated = await webhook.WaitFor(d => Dpo(d, id) && d.Body["type"]!.GetValue<string>() == "escalation.repeated", TimeSpan.FromSeconds(30));
        Assert.Equal(4, repeated.Body["level"]!.GetValue<int>());
        Assert.Equal(dpo["id"]!.GetValue<string>(), repeated.Body["escalationId"]!.GetValue<string>());

        // Recording the DPO notice stops the clock: the escalation is resolved, both receivers hear so, and it cannot be acknowledged.
        (await service.Client().PostAsJsonAsync($"/api/incidents/{id}/dpo-notification",
            new { notifiedAt = Iso(DateTimeOffset.UtcNow), channel = "e-mail", howItOccurred = "x", likelyImpact = "x" })).EnsureSuccessStatusCode();
        await webhook.WaitFor(d => Dpo(d, id) && d.Body["type"]!.GetValue<string>() == "deadline.stopped", TimeSpan.FromSeconds(30));
        var dedupKey = $"breachdesk-{Guid.Parse(id):N}-dpo";
        await WaitUntil(() => pagerDuty.Received.Any(r => r.Body["event_action"]!.GetValue<string>() == "resolve" && r.Body["dedup_key"]!.GetValue<string>() == dedupKey),
            TimeSpan.FromSeconds(30), "a PagerDuty resolve for the DPO clock");
        Assert.Contains(pagerDuty.Received, r => r.Body["event_action"]!.GetValue<string>() == "trigger" && r.Body["dedup_key"]!.GetValue<string>() == dedupKey);

        var resolved = await (await service.Client("dev-oncall").GetAsync($"/api/escalations?state=resolved&incidentId={id}")).ExpectJsonArray(HttpStatusCode.OK);
        var dpoResolved = Assert.Single(resolved, e => e!["id"]!.GetValue<string>() == dpo["id"]!.GetValue<string>())!;
        Assert.NotNull(dpoResolved["resolvedAt"]);
        var ack = await service.Client("dev-oncall").PostAsync($"/api/escalations/{dpo["id"]}/ack", null);
        Assert.Equal(HttpStatusCode.Conflict, ack.StatusCode);
        Assert.Contains("resolved", await ack.Content.ReadAsStringAsync());

        var timeline = await (await service.Client().GetAsync($"/api/incidents/{id}/timeline")).ExpectJsonArray(HttpStatusCode.OK);
        Assert.Equal("incident-reported", timeline[0]!["kind"]!.GetValue<string>());
        Assert.Contains(timeline, e => e!["kind"]!.GetValue<string>() == "escalation-resolved");
        // The incident's version counts people's facts only: the report and the DPO notice.
        var view = await (await service.Client().GetAsync($"/api/incidents/{id}")).ExpectJson(HttpStatusCode.OK);
        Assert.Equal(2, view["version"]!.GetValue<int>());
    }

    private static async Task<(DateTimeOffset NextAt, int Priority)> WakeUpAsync(string connectionString, string incidentId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT next_at, priority FROM {MartenConfiguration.Schema}.{EscalationTables.WakeUps} WHERE incident_id = $1", connection)
        {
            Parameters = { new() { Value = Guid.Parse(incidentId) } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "The incident has no wake-up row.");
        return (reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt32(1));
    }

    internal static async Task WaitUntil(Func<bool> condition, TimeSpan within, string what)
    {
        var until = DateTimeOffset.UtcNow + within;
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < until, $"Not seen within {within}: {what}.");
            await Task.Delay(100);
        }
    }
}
