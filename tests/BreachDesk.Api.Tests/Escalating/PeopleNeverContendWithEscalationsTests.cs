using System.Net;
using System.Text.Json.Nodes;
using BreachDesk.Tests.Support;
using Microsoft.AspNetCore.Builder;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Escalating;

/// <summary>
/// People's commands and the sweeper at the same moment, on the same incidents: a DPO window of a few seconds with a
/// checkpoint every second and repeats every second once overdue, while rounds of 16 commands at once (4 per incident)
/// land. No person's command is refused or fails; no alert is dead-lettered; every escalation is alerted exactly once.
/// </summary>
public class PeopleNeverContendWithEscalationsTests
{
    private const string Secret = "whsec-contend-5b0e";

    private static Action<WebApplicationBuilder> EverySecond(AlertReceiver receiver) => builder =>
    {
        var c = builder.Configuration;
        c["BreachDesk:Deadlines:DpoNoticeWithin"] = "PT5S";
        string[] names = ["due-in-3s", "due-in-2s", "due-in-1s", "at-due"];
        for (var i = 0; i < names.Length; i++)
        {
            c[$"BreachDesk:Escalation:Dpo:Checkpoints:{i}:Name"] = names[i];
            c[$"BreachDesk:Escalation:Dpo:Checkpoints:{i}:Level"] = "1";
            c[$"BreachDesk:Escalation:Dpo:Checkpoints:{i}:BeforeDue"] = $"PT{3 - i}S";
        }
        c["BreachDesk:Escalation:Dpo:RepeatOverdueEvery"] = "PT1S";
        c["BreachDesk:Escalation:Dpo:OverdueLevel"] = "1";
        c["BreachDesk:Escalation:SweepEvery"] = "PT0.1S";
        c["BreachDesk:Escalation:Targets:oncall-primary:0:Channel"] = "webhook";
        c["BreachDesk:Escalation:Targets:oncall-primary:0:Url"] = receiver.Url;
        c["BreachDesk:Escalation:Targets:oncall-primary:0:Secret"] = Secret;
        c["BreachDesk:Escalation:RetryDelays:0"] = "PT1S";
    };

    [Fact]
    public async Task Sixteen_commands_at_once_on_four_incidents_whose_checkpoints_fall_due_every_second_all_succeed_and_each_escalation_alerts_once()
    {
        await using var receiver = await AlertReceiver.StartAsync(Secret);
        // Rounds run for a fixed time, so a fast machine sends more than the default 600 writes a minute: this test is
        // about contention, not the rate limit.
        await using var service = await RunningService.StartAsync(await TestDatabase.CreateAsync(), EverySecond(receiver),
            "BreachDesk:RateLimits:WritesPerMinute=1000000");

        var incidents = new List<IncidentClient>();
        for (var i = 0; i < 4; i++) incidents.Add(await IncidentClient.Reported(service, ExactlyOnceAlerts.DueInOneWindow()));

        // About 12 seconds of rounds: the checkpoints, the due time and several repeats all fall inside them.
        var statuses = new List<HttpStatusCode>();
        var until = DateTimeOffset.UtcNow.AddSeconds(12);
        var round = 0;
        while (DateTimeOffset.UtcNow < until)
        {
            round++;
            var responses = await Task.WhenAll(incidents.SelectMany(incident => Enumerable.Range(0, 4).Select(n =>
                incident.Post("containment", new { action = $"Action {round}.{n}", takenAt = Iso(DateTimeOffset.UtcNow.AddMinutes(-1)) }, "dev-oncall"))));
            foreach (var response in responses)
            {
                statuses.Add(response.StatusCode);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"Round {round}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        // Every command is on record, and the incident's version counts them and the report only.
        foreach (var incident in incidents)
        {
            var view = await incident.View();
            Assert.Equal(round * 4, view["containment"]!.AsArray().Count);
            Assert.Equal(round * 4 + 1, view["version"]!.GetValue<long>());
        }

        // Stop the clocks, let the last alerts go out, then compare what was recorded with what was received.
        foreach (var incident in incidents)
            await incident.Do("dpo-notification", new { notifiedAt = Iso(DateTimeOffset.UtcNow), channel = "e-mail", howItOccurred = "x", likelyImpact = "x" }, "dev-oncall");
        var oncall = service.Client("dev-oncall");
        await LateReportEscalationTests.WaitUntil(() => incidents.All(i => receiver.Deliveries.Any(d =>
            d.Body["type"]!.GetValue<string>() == "deadline.stopped" && d.Body["incidentId"]!.GetValue<string>() == i.Id)), TimeSpan.FromSeconds(60), "every clock's deadline.stopped");
        await Task.Delay(TimeSpan.FromSeconds(3)); // a duplicate would come within a few rounds

        var deadLetters = await (await service.Client("dev-admin").GetAsync("/api/escalations/dead-letters")).ExpectJsonArray(HttpStatusCode.OK);
        Assert.True(deadLetters.Count == 0, deadLetters.ToJsonString());
        Assert.All(receiver.Deliveries, d => Assert.True(d.SignatureValid));
        var duplicates = receiver.Deliveries.GroupBy(d => d.DeliveryId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"Delivered more than once: {string.Join(", ", duplicates)}");

        foreach (var incident in incidents)
        {
            var recorded = (await incident.Timeline()).Where(e => e!["kind"]!.GetValue<string>() is "escalation-raised" or "escalation-repeated").ToList();
            var alerted = receiver.Deliveries.Where(d => d.Body["incidentId"]!.GetValue<string>() == incident.Id
                                                        && d.Body["type"]!.GetValue<string>() is "escalation.raised" or "escalation.repeated").ToList();
            Assert.True(recorded.Count >= 5, $"Incident {incident.Id}: only {recorded.Count} escalations recorded"); // 4 checkpoints and repeats
            Assert.Equal(recorded.Count, alerted.Count);
            // Every escalation recorded is alerted once, every repeat of it once.
            var escalations = await (await oncall.GetAsync($"/api/escalations?state=all&incidentId={incident.Id}")).ExpectJsonArray(HttpStatusCode.OK);
            Assert.All(escalations, e => Assert.Single(alerted, d => d.Body["escalationId"]!.GetValue<string>() == e!["id"]!.GetValue<string>()
                                                                     && d.Body["type"]!.GetValue<string>() == "escalation.raised"));
            Assert.All(escalations, e => Assert.Equal("resolved", e!["status"]!.GetValue<string>()));
        }
    }
}
