using BreachDesk.Assessing;
using BreachDesk.Closing;
using BreachDesk.Containing;
using BreachDesk.Deadlines;
using BreachDesk.Incidents;
using BreachDesk.Notifying;
using BreachDesk.Revising;

namespace BreachDesk.Tests.Closing;

public class ClosingTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-06-01T12:00:00Z");
    private static readonly DateTimeOffset DiscoveredAt = Now.AddDays(-2);
    private static readonly Incident Open = new(Guid.NewGuid(), IncidentStatus.Open, DiscoveredAt, DiscoveredAt.AddHours(-3), DeadlinePolicy.Default);
    private static readonly Incident Assessed = Open with { Risk = RiskLevel.Risk };
    private static readonly Incident Closed = Assessed with { Status = IncidentStatus.Closed, RegulatorNotifiedAt = DiscoveredAt.AddHours(10) };

    [Fact]
    public void An_incident_cannot_be_closed_before_the_DPO_has_assessed_the_risk()
    {
        Assert.Throws<IncidentConflictException>(() => new CloseIncident("Handled", null).Decide(Open, "dpo", Now));
    }

    [Theory]
    [InlineData(RiskLevel.None)]
    [InlineData(RiskLevel.Risk)]
    [InlineData(RiskLevel.High)]
    public void An_assessed_incident_can_be_closed(RiskLevel risk)
    {
        var command = new CloseIncident("  Laptop recovered, wiped  ", "  Encrypt all laptops  ");
        Assert.True(command.Validate().IsEmpty);

        var closed = command.Decide(Open with { Risk = risk }, "dpo", Now);
        Assert.Equal(Open.Id, closed.IncidentId);
        Assert.Equal("Laptop recovered, wiped", closed.Outcome);
        Assert.Equal("Encrypt all laptops", closed.LessonsLearned);
        Assert.Equal(Now, closed.ClosedAt);
        Assert.Equal("dpo", closed.Actor);
    }

    [Fact]
    public void Lessons_learned_are_optional_and_recorded_as_empty()
    {
        var command = new CloseIncident("Handled", null);
        Assert.True(command.Validate().IsEmpty);
        Assert.Equal("", command.Decide(Assessed, "dpo", Now).LessonsLearned);
    }

    [Fact]
    public void Closing_needs_an_outcome()
    {
        var errors = new CloseIncident("  ", null).Validate();
        Assert.Equal(["outcome"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_closed_incident_cannot_be_closed_again()
    {
        Assert.Throws<IncidentConflictException>(() => new CloseIncident("Handled", null).Decide(Closed, "dpo", Now));
    }

    [Fact]
    public void A_closed_incident_can_be_reopened_with_a_reason()
    {
        var command = new ReopenIncident("  The attacker published the data  ");
        Assert.True(command.Validate().IsEmpty);

        var reopened = command.Decide(Closed, "dpo", Now);
        Assert.Equal(Closed.Id, reopened.IncidentId);
        Assert.Equal("The attacker published the data", reopened.Reason);
        Assert.Equal(Now, reopened.ReopenedAt);
        Assert.Equal("dpo", reopened.Actor);
    }

    [Fact]
    public void Reopening_needs_a_reason()
    {
        var errors = new ReopenIncident(null).Validate();
        Assert.Equal(["reason"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void Reopening_an_open_incident_is_a_conflict()
    {
        Assert.Throws<IncidentConflictException>(() => new ReopenIncident("new facts").Decide(Assessed, "dpo", Now));
    }

    [Fact]
    public void Closing_then_reopening_leaves_the_incident_open_with_its_decisions_kept()
    {
        var closedEvent = new CloseIncident("Handled", null).Decide(Assessed, "dpo", Now);
        var closed = Incident.Evolve(Assessed, closedEvent)!;
        Assert.Equal(IncidentStatus.Closed, closed.Status);

        var reopened = Incident.Evolve(closed, new ReopenIncident("new facts").Decide(closed, "dpo", Now))!;
        Assert.Equal(IncidentStatus.Open, reopened.Status);
        Assert.Equal(RiskLevel.Risk, reopened.Risk);

        // Open again, so it accepts commands and can be closed once more.
        Assert.Equal(RiskLevel.High, new AssessRisk(RiskLevel.High, "published").Decide(reopened, "dpo", Now).Level);
        Assert.Equal("Handled again", new CloseIncident("Handled again", null).Decide(reopened, "dpo", Now).Outcome);
    }

    // Each command is valid on its own terms (a regulator report before any, a follow-up after one), so only the
    // closed status can make it fail.
    public static TheoryData<string, Func<Incident, object>> EveryCommandButReopen => new()
    {
        { "revise occurrence time", i => new ReviseOccurrenceTime(DiscoveredAt.AddHours(-5), "logs", false).Decide(i, "dpo", Now) },
        { "notify DPO", i => new NotifyDpo(DiscoveredAt.AddHours(1), "e-mail", "how", "impact").Decide(i, "dpo", Now) },
        { "record containment", i => new RecordContainment("wipe", DiscoveredAt.AddHours(1)).Decide(i, "dpo", Now) },
        { "assess impact", i => new AssessImpact([BreachType.Confidentiality], [DataCategory.Contact], Identifiability.Maximum, 1, 1).Decide(i, "dpo", Now) },
        { "assess risk", i => new AssessRisk(RiskLevel.High, "why").Decide(i, "dpo", Now) },
        { "notify regulator", i => new NotifyRegulator(DiscoveredAt.AddHours(1), null, null, null).Decide(i with { RegulatorNotifiedAt = null }, "dpo", Now) },
        { "send regulator follow-up", i => new SendRegulatorFollowUp(DiscoveredAt.AddHours(30), "more").Decide(i, "dpo", Now) },
        { "notify data subjects", i => new NotifyDataSubjects(DiscoveredAt.AddHours(1), "e-mail", 5).Decide(i, "dpo", Now) },
        { "notify third party", i => new NotifyThirdParty("Acme", "DPA", DiscoveredAt.AddHours(1)).Decide(i, "dpo", Now) },
        { "close", i => new CloseIncident("Handled", null).Decide(i, "dpo", Now) },
    };

    [Theory]
    [MemberData(nameof(EveryCommandButReopen))]
    public void Every_command_but_reopening_is_refused_on_a_closed_incident(string command, Func<Incident, object> decide)
    {
        // The same command goes through once the incident is open: the refusal is about the status alone.
        Assert.NotNull(decide(Closed with { Status = IncidentStatus.Open }));
        var conflict = Assert.Throws<IncidentConflictException>(() => decide(Closed));
        Assert.Contains("closed", conflict.Message);
        Assert.False(string.IsNullOrEmpty(command));
    }
}
