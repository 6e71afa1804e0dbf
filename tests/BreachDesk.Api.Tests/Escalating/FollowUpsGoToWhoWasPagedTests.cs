using System.Net;
using System.Net.Http.Json;
using BreachDesk.Infrastructure.Database;
using BreachDesk.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Npgsql;
using static BreachDesk.Tests.Support.IncidentApi;
using static BreachDesk.Tests.Escalating.LateReportEscalationTests;

namespace BreachDesk.Tests.Escalating;

/// <summary>
/// An acknowledgement and a stopped clock are told to the targets that were paged about that clock, through their
/// PagerDuty and webhook channels, and to nobody else (decision 0035). Real receivers: on-call's signed webhook and a
/// PagerDuty stand-in, and the deputy DPO's webhook (level 3 and up by default, so never paged by a report-time level 1).
/// </summary>
public class FollowUpsGoToWhoWasPagedTests
{
    private const string Secret = "whsec-followups-7a2e";
    private const string S = MartenConfiguration.Schema;

    private static Action<WebApplicationBuilder> Receivers(AlertReceiver oncall, JsonReceiver pagerDuty, AlertReceiver deputy, string? level1 = null) => builder =>
    {
        var c = builder.Configuration;
        c["BreachDesk:Escalation:Targets:oncall-primary:0:Channel"] = "webhook";
        c["BreachDesk:Escalation:Targets:oncall-primary:0:Url"] = oncall.Url;
        c["BreachDesk:Escalation:Targets:oncall-primary:0:Secret"] = Secret;
        c["BreachDesk:Escalation:Targets:oncall-primary:1:Channel"] = "pagerduty";
        c["BreachDesk:Escalation:Targets:oncall-primary:1:Url"] = pagerDuty.BaseUrl + "/v2/enqueue";
        c["BreachDesk:Escalation:Targets:oncall-primary:1:RoutingKey"] = "routing-key-followups";
        c["BreachDesk:Escalation:Targets:dpo-deputy:0:Channel"] = "webhook";
        c["BreachDesk:Escalation:Targets:dpo-deputy:0:Url"] = deputy.Url;
        c["BreachDesk:Escalation:Targets:dpo-deputy:0:Secret"] = Secret;
        if (level1 is not null) c["BreachDesk:Escalation:Levels:1:0"] = level1;
    };

    private static bool Of(AlertReceiver.Delivery d, string incident, string type) =>
        d.Body["incidentId"]!.GetValue<string>() == incident && d.Body["type"]!.GetValue<string>() == type;

    private static int Actions(JsonReceiver pagerDuty, string dedupKey, string action) =>
        pagerDuty.Received.Count(r => r.Body["dedup_key"]!.GetValue<string>() == dedupKey && r.Body["event_action"]!.GetValue<string>() == action);

    [Fact]
    public async Task The_paged_target_hears_the_acknowledgement_and_the_stop_once_on_each_channel_and_a_target_never_paged_hears_nothing()
    {
        await using var oncall = await AlertReceiver.StartAsync(Secret);
        await using var deputy = await AlertReceiver.StartAsync(Secret);
        await using var pagerDuty = await JsonReceiver.StartAsync();
        var database = await TestDatabase.CreateAsync();
        await using var service = await RunningService.StartAsync(database, Receivers(oncall, pagerDuty, deputy));
        var id = (await service.Client().ReportedIncident(ReportBody(discoveredAt: HoursAgo(1))))["id"]!.GetValue<string>();
        var dedupKey = $"breachdesk-{Guid.Parse(id):N}-dpo";

        // The report-time checkpoint (level 1) pages on-call on both channels.
        var raised = await oncall.WaitFor(d => Of(d, id, "escalation.raised"), TimeSpan.FromSeconds(30));
        Assert.Equal(("reported", 1), (raised.Body["checkpoint"]!.GetValue<string>(), raised.Body["level"]!.GetValue<int>()));
        await WaitUntil(() => Actions(pagerDuty, dedupKey, "trigger") == 1, TimeSpan.FromSeconds(30), "the PagerDuty trigger");

        // Acknowledged: on-call hears so on both channels.
        var escalationId = raised.Body["escalationId"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await service.Client("dev-oncall").PostAsync($"/api/escalations/{escalationId}/ack", null)).StatusCode);
        await oncall.WaitFor(d => Of(d, id, "escalation.acknowledged"), TimeSpan.FromSeconds(30));
        await WaitUntil(() => Actions(pagerDuty, dedupKey, "acknowledge") == 1, TimeSpan.FromSeconds(30), "the PagerDuty acknowledge");

        // The DPO notice stops the clock: on-call hears it stopped, once per channel.
        (await service.Client().PostAsJsonAsync($"/api/incidents/{id}/dpo-notification",
            new { notifiedAt = Iso(DateTimeOffset.UtcNow), channel = "e-mail", howItOccurred = "x", likelyImpact = "x" })).EnsureSuccessStatusCode();
        var stopped = await oncall.WaitFor(d => Of(d, id, "deadline.stopped"), TimeSpan.FromSeconds(30));
        Assert.True(stopped.SignatureValid);
        Assert.Equal("oncall-primary", stopped.Body["target"]!.GetValue<string>());
        await WaitUntil(() => Actions(pagerDuty, dedupKey, "resolve") == 1, TimeSpan.FromSeconds(30), "the PagerDuty resolve");

        // Every alert handled: whatever was going to be delivered has been.
        await QueueEmpty(database);
        Assert.Single(oncall.Deliveries, d => Of(d, id, "deadline.stopped"));
        Assert.Single(oncall.Deliveries, d => Of(d, id, "escalation.acknowledged"));
        Assert.Equal((1, 1, 1), (Actions(pagerDuty, dedupKey, "trigger"), Actions(pagerDuty, dedupKey, "acknowledge"), Actions(pagerDuty, dedupKey, "resolve")));
        // The deputy was never paged about this clock: not told it was acknowledged, nor that it stopped.
        Assert.Empty(deputy.Deliveries);
    }

    /// <summary>
    /// Who hears that a clock stopped is who was paged about it, as the configuration named them then: a level moved to
    /// other people between the raise and the stop still tells the person who was paged, and nobody who was not.
    /// </summary>
    [Fact]
    public async Task After_the_level_is_given_to_someone_else_the_one_who_was_paged_still_hears_the_clock_stopped_and_the_newcomer_does_not()
    {
        await using var oncall = await AlertReceiver.StartAsync(Secret);
        await using var deputy = await AlertReceiver.StartAsync(Secret);
        await using var pagerDuty = await JsonReceiver.StartAsync();
        var database = await TestDatabase.CreateAsync();
        string id;
        await using (var before = await RunningService.StartAsync(database, Receivers(oncall, pagerDuty, deputy)))
        {
            id = (await before.Client().ReportedIncident(ReportBody(discoveredAt: HoursAgo(1))))["id"]!.GetValue<string>();
            await oncall.WaitFor(d => Of(d, id, "escalation.raised"), TimeSpan.FromSeconds(30));
            await QueueEmpty(database);
        }

        // Level 1 is now the deputy's alone; on-call is still configured (as a target of the higher levels).
        await using var after = await RunningService.StartAsync(database, Receivers(oncall, pagerDuty, deputy, level1: "dpo-deputy"));
        (await after.Client().PostAsJsonAsync($"/api/incidents/{id}/dpo-notification",
            new { notifiedAt = Iso(DateTimeOffset.UtcNow), channel = "e-mail", howItOccurred = "x", likelyImpact = "x" })).EnsureSuccessStatusCode();
        await oncall.WaitFor(d => Of(d, id, "deadline.stopped"), TimeSpan.FromSeconds(30));
        var dedupKey = $"breachdesk-{Guid.Parse(id):N}-dpo";
        await WaitUntil(() => Actions(pagerDuty, dedupKey, "resolve") == 1, TimeSpan.FromSeconds(30), "the PagerDuty resolve");

        await QueueEmpty(database);
        Assert.Single(oncall.Deliveries, d => Of(d, id, "deadline.stopped"));
        Assert.Empty(deputy.Deliveries);
    }

    /// <summary>No alert waits in the queue (twice in a row: a handled one may be followed by another).</summary>
    private static async Task QueueEmpty(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var giveUpAt = DateTime.UtcNow.AddSeconds(30);
        for (var quiet = 0; quiet < 2;)
        {
            var waiting = (long)(await new NpgsqlCommand(
                $"SELECT count(*) FROM {S}.wolverine_incoming_envelopes WHERE status <> 'Handled'", connection).ExecuteScalarAsync())!;
            quiet = waiting == 0 ? quiet + 1 : 0;
            if (DateTime.UtcNow > giveUpAt) Assert.Fail($"{waiting} alerts still queued after 30 s.");
            await Task.Delay(TimeSpan.FromMilliseconds(300));
        }
    }
}
