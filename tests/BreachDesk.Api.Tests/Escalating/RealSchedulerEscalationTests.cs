using System.Net;
using System.Net.Http.Json;
using BreachDesk.Tests.Support;
using Microsoft.AspNetCore.Builder;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Escalating;

/// <summary>
/// The real scheduler, real time, a real HTTP receiver: DPO deadlines a few seconds long, so that checkpoints fall due
/// while the test watches.
/// </summary>
public class RealSchedulerEscalationTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Secret = "whsec-test-4f1a";

    internal static Action<WebApplicationBuilder> ShortDeadlines(AlertReceiver receiver, string dpoWindow = "PT8S", params string[] retryDelays) => builder =>
    {
        var c = builder.Configuration;
        c["BreachDesk:Deadlines:DpoNoticeWithin"] = dpoWindow;
        c["BreachDesk:Escalation:Dpo:Checkpoints:0:Name"] = "at-due";
        c["BreachDesk:Escalation:Dpo:Checkpoints:0:Level"] = "1";
        c["BreachDesk:Escalation:Dpo:Checkpoints:0:BeforeDue"] = "PT0S";
        c["BreachDesk:Escalation:Dpo:RepeatOverdueEvery"] = "PT1H";
        c["BreachDesk:Escalation:Targets:oncall-primary:0:Channel"] = "webhook";
        c["BreachDesk:Escalation:Targets:oncall-primary:0:Url"] = receiver.Url;
        c["BreachDesk:Escalation:Targets:oncall-primary:0:Secret"] = Secret;
        for (var i = 0; i < retryDelays.Length; i++) c[$"BreachDesk:Escalation:RetryDelays:{i}"] = retryDelays[i];
    };

    // One instant for both: two readings of the clock can put the occurrence after the discovery (a 400, seen flaking).
    private static object DueSoon() => ExactlyOnceAlerts.DueInOneWindow();

    [Fact]
    public async Task The_at_due_escalation_reaches_a_real_receiver_within_five_seconds_of_due_with_a_valid_signature()
    {
        await using var receiver = await AlertReceiver.StartAsync(Secret);
        await using var service = await RunningService.StartAsync(await TestDatabase.CreateAsync(), ShortDeadlines(receiver));

        var incident = await service.Client().ReportedIncident(DueSoon());
        var id = incident["id"]!.GetValue<string>();
        var due = incident["deadlines"]!["dpo"]!["dueAt"].Time();

        var delivery = await receiver.WaitFor(d => d.Body["incidentId"]!.GetValue<string>() == id, TimeSpan.FromSeconds(30));
        Assert.True(delivery.SignatureValid);
        Assert.Equal("escalation.raised", delivery.Body["type"]!.GetValue<string>());
        Assert.Equal("at-due", delivery.Body["checkpoint"]!.GetValue<string>());
        output.WriteLine($"At-due alert received {(delivery.ReceivedAt - due).TotalSeconds:0.00} s after the due time.");
        Assert.InRange((delivery.ReceivedAt - due).TotalSeconds, -0.5, 5);
        Assert.DoesNotContain(incident["title"]!.GetValue<string>(), delivery.Body.ToJsonString());

        var escalations = await (await service.Client("dev-oncall").GetAsync("/api/escalations")).ExpectJsonArray(HttpStatusCode.OK);
        var escalation = Assert.Single(escalations, e => e!["incidentId"]!.GetValue<string>() == id)!;
        var timeline = await (await service.Client().GetAsync($"/api/incidents/{id}/timeline")).ExpectJsonArray(HttpStatusCode.OK);
        Assert.Contains(timeline, e => e!["kind"]!.GetValue<string>() == "escalation-raised");

        var ack = await (await service.Client("dev-oncall").PostAsync($"/api/escalations/{escalation["id"]}/ack", null)).ExpectJson(HttpStatusCode.OK);
        Assert.Equal("dev-oncall", ack["acknowledgedBy"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await service.Client("dev-oncall").PostAsync($"/api/escalations/{escalation["id"]}/ack", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.Client("dev-reporter").PostAsync($"/api/escalations/{escalation["id"]}/ack", null)).StatusCode);
        var open = await (await service.Client("dev-oncall").GetAsync("/api/escalations?state=open")).ExpectJsonArray(HttpStatusCode.OK);
        Assert.DoesNotContain(open, e => e!["id"]!.GetValue<string>() == escalation["id"]!.GetValue<string>());
        await receiver.WaitFor(d => d.Body["type"]!.GetValue<string>() == "escalation.acknowledged", TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_deadline_met_before_due_sends_nothing()
    {
        await using var receiver = await AlertReceiver.StartAsync(Secret);
        // A window long enough that recording the notice beats it even on a loaded machine (seen: 5 s was not).
        await using var service = await RunningService.StartAsync(await TestDatabase.CreateAsync(), ShortDeadlines(receiver, "PT30S"));

        var incident = await service.Client().ReportedIncident(DueSoon());
        var id = incident["id"]!.GetValue<string>();
        var due = incident["deadlines"]!["dpo"]!["dueAt"].Time();
        (await service.Client().PostAsJsonAsync($"/api/incidents/{id}/dpo-notification",
            new { notifiedAt = Iso(DateTimeOffset.UtcNow), channel = "e-mail", howItOccurred = "x", likelyImpact = "x" })).EnsureSuccessStatusCode();
        Assert.True(DateTimeOffset.UtcNow < due, "The notice was recorded only after the deadline; the test proves nothing.");

        // Past the due time, with a margin for a sweep round.
        while (DateTimeOffset.UtcNow < due.AddSeconds(4)) await Task.Delay(500);
        Assert.DoesNotContain(receiver.Deliveries, d => d.Body["incidentId"]!.GetValue<string>() == id && d.Body["type"]!.GetValue<string>() == "escalation.raised");
    }

    [Fact]
    public async Task A_receiver_that_fails_for_a_while_gets_the_alert_once_it_recovers()
    {
        await using var receiver = await AlertReceiver.StartAsync(Secret);
        receiver.FailNext(2);
        await using var service = await RunningService.StartAsync(await TestDatabase.CreateAsync(),
            ShortDeadlines(receiver, "PT3S", "PT1S", "PT1S", "PT1S", "PT1S"));

        var incident = await service.Client().ReportedIncident(DueSoon());
        var id = incident["id"]!.GetValue<string>();

        var delivery = await receiver.WaitFor(d => d.Body["incidentId"]!.GetValue<string>() == id, TimeSpan.FromSeconds(40));
        Assert.True(delivery.SignatureValid);
        Assert.Equal(2, receiver.FailedAttempts);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(receiver.Deliveries, d => d.DeliveryId == delivery.DeliveryId);
    }

    [Fact]
    public async Task A_receiver_that_never_recovers_leaves_the_alert_in_the_dead_letter_store_from_which_it_can_be_replayed()
    {
        await using var receiver = await AlertReceiver.StartAsync(Secret);
        receiver.FailForever = true;
        await using var service = await RunningService.StartAsync(await TestDatabase.CreateAsync(),
            ShortDeadlines(receiver, "PT3S", "PT0.5S", "PT0.5S"));

        var incident = await service.Client().ReportedIncident(DueSoon());
        var reference = incident["reference"]!.GetValue<string>();

        var until = DateTimeOffset.UtcNow.AddSeconds(40);
        System.Text.Json.Nodes.JsonNode? letter = null;
        var seen = "";
        while (letter is null && DateTimeOffset.UtcNow < until)
        {
            await Task.Delay(500);
            var letters = await (await service.Client("dev-admin").GetAsync("/api/escalations/dead-letters")).ExpectJsonArray(HttpStatusCode.OK);
            seen = letters.ToJsonString();
            letter = letters.FirstOrDefault(l => l!["reference"]?.GetValue<string>() == reference);
        }
        Assert.True(letter is not null, $"No dead letter for {reference} after {receiver.FailedAttempts} failed attempts; the store holds {seen}");
        Assert.Equal("oncall-primary", letter!["target"]!.GetValue<string>());
        Assert.Equal(3, receiver.FailedAttempts);

        receiver.FailForever = false;
        var replay = await service.Client("dev-admin").PostAsync($"/api/escalations/dead-letters/{letter["id"]}/replay", null);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        var delivered = await receiver.WaitFor(d => d.Body["reference"]!.GetValue<string>() == reference, TimeSpan.FromSeconds(30));
        Assert.True(delivered.SignatureValid);
    }
}
