using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Lifecycle;

/// <summary>One breach from report to closure over real HTTP, checking the view, the timeline and the register at every step.</summary>
[Collection("service")]
public class WholeLifeOfAnIncidentTests(ServiceFixture fixture)
{
    [Fact]
    public async Task A_breach_from_report_to_closure()
    {
        var discovered = HoursAgo(4);
        var incident = await IncidentClient.Reported(fixture.Service, new
        {
            title = "Ransomware on the file server", description = "Files encrypted; attacker claims to have copied HR data.",
            discoveredAt = Iso(discovered), occurredAt = Iso(HoursAgo(5)), source = "automated", systems = new[] { "fs01" },
        });
        await Expect(incident, "incident-reported", view =>
        {
            Assert.Equal("pending", view.Text("deadlines.dpo.status"));
            Assert.Equal("pending", view.Text("deadlines.regulator.status"));
        }, register => Assert.Equal("pending", register.Text("decisions.dpoDeadline")));

        await incident.Do("containment", new { action = "Isolated fs01 from the network.", takenAt = Iso(HoursAgo(3.5)) }, "dev-oncall");
        await Expect(incident, "containment-action-taken",
            view => Assert.Equal("Isolated fs01 from the network.", view["containment"]![0]!.Text("action")),
            register => Assert.Contains("Isolated fs01", register["remedialActions"]![0]!.GetValue<string>()));

        await incident.Do("dpo-notification", new
        {
            notifiedAt = Iso(HoursAgo(3)), channel = "e-mail", howItOccurred = "Phishing e-mail to an administrator.",
            likelyImpact = "Exposure of employee records.",
        }, "dev-reporter");
        await Expect(incident, "dpo-notified", view =>
        {
            Assert.Equal("met", view.Text("deadlines.dpo.status"));
            Assert.NotNull(view["deadlines"]!["dpo"]!["metAt"]);
        }, register => Assert.Equal("met", register.Text("decisions.dpoDeadline")));

        await incident.Do("impact", new
        {
            breachTypes = new[] { "confidentiality", "availability" }, dataCategories = new[] { "employment", "financial" },
            approxDataSubjects = 340, approxRecords = 1200, subjectGroups = new[] { "employees" },
            dataEncrypted = false, maliciousIntent = true, dataRecovered = true, identifiability = "maximum",
            likelyConsequences = "Fraud using salary and bank details.", countries = new[] { "GB" },
        }, "dev-reporter");
        await Expect(incident, "impact-assessed", view =>
        {
            Assert.Equal("high", view.Text("suggestedRisk.level"));
            Assert.NotEmpty(view["suggestedRisk"]!["factors"]!.AsArray());
            Assert.Equal(340, view["impact"]!["approxDataSubjects"]!.GetValue<int>());
        }, register => Assert.Equal("high", register.Text("effects.suggestedRisk")));

        await incident.Do("risk-assessment", new { level = "high", rationale = "Bank details of staff in criminal hands." });
        await Expect(incident, "risk-assessed", view =>
        {
            Assert.Equal("high", view.Text("risk.level"));
            Assert.Equal("dev-dpo", view.Text("risk.assessedBy"));
        }, register => Assert.Equal("high", register.Text("decisions.risk.level")));

        await incident.Do("regulator-notification", new { submittedAt = Iso(HoursAgo(1)), reference = "ICO-123456" });
        await Expect(incident, "regulator-notified", view =>
        {
            Assert.Equal("met", view.Text("deadlines.regulator.status"));
            Assert.Equal("ICO", view.Text("regulatorNotification.regulator"));
        }, register => Assert.Equal("ICO-123456", register.Text("decisions.regulator.reference")));

        await incident.Do("regulator-follow-up", new { sentAt = Iso(HoursAgo(0.5)), information = "Forensic report attached." });
        await Expect(incident, "regulator-follow-up-sent", view => Assert.Single(view["regulatorFollowUps"]!.AsArray()), _ => { });

        await incident.Do("data-subject-notification", new { sentAt = Iso(HoursAgo(0.4)), channel = "letter", recipients = 340 });
        await Expect(incident, "data-subjects-notified",
            view => Assert.False(view["dataSubjectNotifications"]![0]!["withoutHighRisk"]!.GetValue<bool>()),
            register => Assert.Equal(340, register["decisions"]!["dataSubjectsNotified"]!.GetValue<int>()));

        await incident.Do("third-party-notifications", new { party = "Payroll Ltd", agreement = "DSA-2024-07", notifiedAt = Iso(HoursAgo(0.3)) });
        await Expect(incident, "third-party-notified", _ => { },
            register => Assert.Equal("Payroll Ltd", register["decisions"]!["thirdPartiesNotified"]![0]!.GetValue<string>()));

        await incident.Do("close", new { outcome = "Contained; staff offered credit monitoring.", lessonsLearned = "MFA for administrators." });
        await Expect(incident, "incident-closed", view => Assert.Equal("closed", view.Text("status")),
            register => Assert.Equal("closed", register.Text("status")));

        var timeline = PeoplesFacts(await incident.Timeline());
        Assert.Equal(10, timeline.Count);
        Assert.All(timeline, line => Assert.False(string.IsNullOrWhiteSpace(line!["actor"]!.GetValue<string>())));
    }

    /// <summary>After each step: the view shows it, the timeline's last line is it, and the register reflects it.</summary>
    private static async Task Expect(IncidentClient incident, string kind, Action<System.Text.Json.Nodes.JsonObject> view,
        Action<System.Text.Json.Nodes.JsonObject> register)
    {
        view(await incident.View());
        var timeline = PeoplesFacts(await incident.Timeline());
        Assert.Equal(kind, timeline[^1]!["kind"]!.GetValue<string>());
        Assert.Equal(timeline.Count, timeline[^1]!["version"]!.GetValue<long>());
        register(await incident.RegisterEntry());
    }

    /// <summary>
    /// The timeline also shows the escalations the sweeper raises meanwhile (from the incident's escalation log, each
    /// numbered in its own stream); the walk checks the facts people recorded, numbered by the incident's version.
    /// </summary>
    private static List<System.Text.Json.Nodes.JsonNode?> PeoplesFacts(System.Text.Json.Nodes.JsonArray timeline) =>
        timeline.Where(line => !line!["kind"]!.GetValue<string>().StartsWith("escalation-", StringComparison.Ordinal)).ToList();
}
