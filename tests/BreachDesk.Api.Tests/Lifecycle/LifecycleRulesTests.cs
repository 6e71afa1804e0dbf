using System.Net;
using BreachDesk.Tests.Reporting;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Lifecycle;

/// <summary>The rules a DPO expects, each seen through the HTTP API.</summary>
[Collection("service")]
public class LifecycleRulesTests(ServiceFixture fixture)
{
    private Task<IncidentClient> Reported(DateTimeOffset? discoveredAt = null) =>
        IncidentClient.Reported(fixture.Service, ReportBody(discoveredAt: discoveredAt ?? HoursAgo(2)));

    [Fact]
    public async Task A_regulator_notification_after_the_statutory_deadline_needs_a_late_reason_and_then_reads_met_late()
    {
        var incident = await Reported(discoveredAt: HoursAgo(80));

        var withoutReason = await incident.Post("regulator-notification", new { submittedAt = Iso(HoursAgo(1)) });
        await BadInputTests.AssertValidationProblem(withoutReason, "lateReason", "late without reason");
        Assert.Equal(1, (await incident.View())["version"]!.GetValue<long>());

        var view = await incident.Do("regulator-notification", new
        {
            submittedAt = Iso(HoursAgo(1)), reference = "ICO-9", lateReason = "The processor told us only this morning.",
        });
        Assert.Equal("met-late", view.Text("deadlines.regulator.status"));
        Assert.Equal("The processor told us only this morning.", view.Text("regulatorNotification.lateReason"));
        Assert.Contains("Reason for delay", (await incident.LastFact())["summary"]!.GetValue<string>());
    }

    [Fact]
    public async Task No_risk_makes_the_regulator_deadline_not_required_and_a_risk_makes_it_required_again()
    {
        var incident = await Reported(discoveredAt: HoursAgo(100));
        Assert.Equal("missed", (await incident.View()).Text("deadlines.regulator.status"));

        var none = await incident.Do("risk-assessment", new { level = "none", rationale = "Encrypted, key safe." });
        Assert.Equal("not-required", none.Text("deadlines.regulator.status"));

        var risk = await incident.Do("risk-assessment", new { level = "risk", rationale = "The key was on a sticky note." });
        Assert.Equal("missed", risk.Text("deadlines.regulator.status"));
    }

    [Fact]
    public async Task A_regulator_notification_after_no_risk_is_allowed_and_recorded_as_voluntary()
    {
        var incident = await Reported();
        await incident.Do("risk-assessment", new { level = "none", rationale = "Unlikely to result in a risk." });

        var view = await incident.Do("regulator-notification", new { submittedAt = Iso(HoursAgo(1)) });
        Assert.True(view["regulatorNotification"]!["voluntary"]!.GetValue<bool>());
        Assert.Contains("voluntarily", (await incident.LastFact())["summary"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await incident.Post("regulator-notification", new { submittedAt = Iso(HoursAgo(1)) })).StatusCode);
    }

    [Fact]
    public async Task Telling_data_subjects_without_a_high_risk_is_allowed_and_recorded()
    {
        var incident = await Reported();
        var view = await incident.Do("data-subject-notification", new { sentAt = Iso(HoursAgo(1)), channel = "e-mail", recipients = 3 });
        Assert.True(view["dataSubjectNotifications"]![0]!["withoutHighRisk"]!.GetValue<bool>());
        Assert.Contains("not assessed a high risk", (await incident.LastFact())["summary"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_closed_incident_refuses_every_change_but_reopening_and_keeps_its_record()
    {
        var incident = await Reported();
        Assert.Equal(HttpStatusCode.Conflict, (await incident.Post("close", new { outcome = "x" })).StatusCode);
        await incident.Do("risk-assessment", new { level = "none", rationale = "Nothing left the building." });
        await incident.Do("close", new { outcome = "No risk." });

        var attempts = new (string Action, object Body, string Key)[]
        {
            ("occurrence", new { occurredAt = Iso(HoursAgo(3)), reason = "x" }, "dev-dpo"),
            ("dpo-notification", new { notifiedAt = Iso(HoursAgo(1)), channel = "e-mail", howItOccurred = "x", likelyImpact = "x" }, "dev-dpo"),
            ("containment", new { action = "x", takenAt = Iso(HoursAgo(1)) }, "dev-dpo"),
            ("risk-assessment", new { level = "high", rationale = "x" }, "dev-dpo"),
            ("regulator-notification", new { submittedAt = Iso(HoursAgo(1)) }, "dev-dpo"),
            ("data-subject-notification", new { sentAt = Iso(HoursAgo(1)), channel = "e-mail", recipients = 1 }, "dev-dpo"),
            ("third-party-notifications", new { party = "p", agreement = "a", notifiedAt = Iso(HoursAgo(1)) }, "dev-dpo"),
            ("close", new { outcome = "again" }, "dev-dpo"),
        };
        var version = (await incident.View())["version"]!.GetValue<long>();
        foreach (var (action, body, key) in attempts)
        {
            var response = await incident.Post(action, body, key);
            Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{action}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
        Assert.Equal(version, (await incident.View())["version"]!.GetValue<long>());

        var reopened = await incident.Do("reopen", new { reason = "The courier found a second box." });
        Assert.Equal("open", reopened.Text("status"));
        await incident.Do("containment", new { action = "Recovered the second box.", takenAt = Iso(HoursAgo(0.1)) });
        Assert.Equal(HttpStatusCode.Conflict, (await incident.Post("reopen", new { reason = "again" })).StatusCode);
    }

    [Fact]
    public async Task Every_command_route_refuses_bad_input_with_a_400_naming_the_field()
    {
        var incident = await Reported();
        var cases = new (string Action, object Body, string Field)[]
        {
            ("dpo-notification", new { notifiedAt = Iso(HoursAgo(-2)), channel = "e-mail", howItOccurred = "x", likelyImpact = "x" }, "notifiedAt"),
            ("dpo-notification", new { notifiedAt = Iso(HoursAgo(5)), channel = "e-mail", howItOccurred = "x", likelyImpact = "x" }, "notifiedAt"),
            ("containment", new { takenAt = Iso(HoursAgo(1)) }, "action"),
            ("impact", new { breachTypes = new[] { "leak" } }, "breachTypes[0]"),
            ("impact", new { breachTypes = new[] { "confidentiality" }, dataCategories = new[] { "contact" }, identifiability = "maximum", countries = new[] { "gb" } }, "countries[0]"),
            ("risk-assessment", new { level = "severe", rationale = "x" }, "level"),
            ("risk-assessment", new { level = "high" }, "rationale"),
            ("data-subject-notification", new { sentAt = Iso(HoursAgo(1)), channel = "post", recipients = 0 }, "recipients"),
            ("third-party-notifications", new { party = "p", notifiedAt = Iso(HoursAgo(1)) }, "agreement"),
            ("close", new { lessonsLearned = "x" }, "outcome"),
        };
        foreach (var (action, body, field) in cases)
            await BadInputTests.AssertValidationProblem(await incident.Post(action, body), field, $"{action} without a good {field}");
        Assert.Equal(1, (await incident.View())["version"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("risk-assessment", "dev-reporter")]
    [InlineData("regulator-notification", "dev-reporter")]
    [InlineData("close", "dev-oncall")]
    [InlineData("impact", "dev-oncall")]
    [InlineData("dpo-notification", "dev-auditor")]
    public async Task A_role_that_may_not_act_gets_403(string action, string key)
    {
        var incident = await Reported();
        Assert.Equal(HttpStatusCode.Forbidden, (await incident.Post(action, new { }, key)).StatusCode);
    }
}
