using System.Net;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Escalating;

/// <summary>Slack, PagerDuty and e-mail, each to a real receiver on loopback, from one at-due escalation.</summary>
public class AlertChannelTests
{
    [Fact]
    public async Task An_escalation_reaches_slack_pagerduty_and_email_and_an_acknowledgement_acknowledges_in_pagerduty()
    {
        await using var http = await JsonReceiver.StartAsync();
        await using var smtp = SmtpReceiver.Start();
        await using var service = await RunningService.StartAsync(await TestDatabase.CreateAsync(), builder =>
        {
            var c = builder.Configuration;
            c["BreachDesk:Deadlines:DpoNoticeWithin"] = "PT3S";
            c["BreachDesk:Escalation:Dpo:Checkpoints:0:Name"] = "at-due";
            c["BreachDesk:Escalation:Dpo:Checkpoints:0:Level"] = "1";
            c["BreachDesk:Escalation:Dpo:Checkpoints:0:BeforeDue"] = "PT0S";
            c["BreachDesk:Escalation:Targets:oncall-primary:0:Channel"] = "slack";
            c["BreachDesk:Escalation:Targets:oncall-primary:0:Url"] = $"{http.BaseUrl}/slack";
            c["BreachDesk:Escalation:Targets:oncall-primary:1:Channel"] = "pagerduty";
            c["BreachDesk:Escalation:Targets:oncall-primary:1:Url"] = $"{http.BaseUrl}/pagerduty";
            c["BreachDesk:Escalation:Targets:oncall-primary:1:RoutingKey"] = "R0UT1NGKEY";
            c["BreachDesk:Escalation:Targets:oncall-primary:2:Channel"] = "email";
            c["BreachDesk:Escalation:Targets:oncall-primary:2:To"] = "oncall@example.org";
            c["BreachDesk:Escalation:Smtp:Host"] = "127.0.0.1";
            c["BreachDesk:Escalation:Smtp:Port"] = smtp.Port.ToString();
            c["BreachDesk:PublicUrl"] = "https://breachdesk.example.org/";
        });

        var incident = await service.Client().ReportedIncident(ReportBody(discoveredAt: DateTimeOffset.UtcNow.AddSeconds(-1), occurredAt: DateTimeOffset.UtcNow.AddSeconds(-1)));
        var reference = incident["reference"]!.GetValue<string>();
        var link = $"https://breachdesk.example.org/#/incidents/{incident["id"]!.GetValue<string>()}";

        await Eventually(() => http.Received.Count(r => r.Path == "/slack") == 1 && http.Received.Any(r => r.Path == "/pagerduty") && !smtp.Messages.IsEmpty);
        var slack = http.Received.Single(r => r.Path == "/slack").Body;
        Assert.Contains(reference, slack["text"]!.GetValue<string>());
        Assert.Contains($"<{link}|", slack["text"]!.GetValue<string>());
        var trigger = http.Received.Single(r => r.Path == "/pagerduty").Body;
        Assert.Equal("trigger", trigger["event_action"]!.GetValue<string>());
        Assert.Equal("R0UT1NGKEY", trigger["routing_key"]!.GetValue<string>());
        Assert.Equal($"breachdesk-{Guid.Parse(incident["id"]!.GetValue<string>()):N}-dpo", trigger["dedup_key"]!.GetValue<string>());
        var details = trigger["payload"]!["custom_details"]!.AsObject();
        Assert.All(details.Select(d => d.Key), key => Assert.True(char.IsLower(key[0]) && !key.Contains('_'), $"custom_details key '{key}' is not camelCase"));
        Assert.Equal(reference, details["reference"]!.GetValue<string>());
        Assert.Equal("dpo", details["deadline"]!.GetValue<string>());
        Assert.Equal(link, details["link"]!.GetValue<string>());
        Assert.Equal(link, trigger["links"]![0]!["href"]!.GetValue<string>());
        var mail = Assert.Single(smtp.Messages);
        Assert.Contains("oncall@example.org", mail);
        Assert.Contains(reference, mail);
        Assert.Contains(link, mail);
        Assert.DoesNotContain(incident["title"]!.GetValue<string>(), mail);

        var escalation = (await (await service.Client("dev-dpo").GetAsync("/api/escalations")).ExpectJsonArray(HttpStatusCode.OK)).Single()!;
        (await service.Client("dev-dpo").PostAsync($"/api/escalations/{escalation["id"]}/ack", null)).EnsureSuccessStatusCode();
        await Eventually(() => http.Received.Any(r => r.Path == "/pagerduty" && r.Body["event_action"]!.GetValue<string>() == "acknowledge"));
        var acknowledge = http.Received.Last(r => r.Path == "/pagerduty").Body;
        Assert.Equal(trigger["dedup_key"]!.GetValue<string>(), acknowledge["dedup_key"]!.GetValue<string>());
        Assert.Equal(1, http.Received.Count(r => r.Path == "/slack")); // an acknowledgement is not re-posted to Slack
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(40);
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > until) throw new TimeoutException("The expected alerts did not arrive within 40 s.");
            await Task.Delay(100);
        }
    }
}
