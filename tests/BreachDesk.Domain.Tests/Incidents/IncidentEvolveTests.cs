using BreachDesk.Assessing;
using BreachDesk.Deadlines;
using BreachDesk.Incidents;

namespace BreachDesk.Tests.Incidents;

public class IncidentEvolveTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-06-01T12:00:00Z");
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly DateTimeOffset DiscoveredAt = Now.AddDays(-1);
    private static readonly Incident Open = new(Id, IncidentStatus.Open, DiscoveredAt, null, DeadlinePolicy.Default);

    private static IncidentReported Reported(DeadlinePolicy? policy = null) => new(
        Id, "BD-2026-0001", "Lost laptop", "Left on a train", DiscoveredAt, DiscoveredAt.AddHours(-2), true,
        IncidentSource.Staff, ["crm"], "alice", Now, policy ?? DeadlinePolicy.Default, "alice");

    private static Incident Fold(params object[] events) => events.Aggregate((Incident?)null, Incident.Evolve)!;

    [Fact]
    public void A_reported_incident_starts_open_and_unassessed_with_the_reported_facts()
    {
        var policy = new DeadlinePolicy(TimeSpan.FromHours(2), TimeSpan.FromHours(48), TimeSpan.FromHours(72));
        var incident = Incident.Evolve(null, Reported(policy));

        Assert.NotNull(incident);
        Assert.Equal(Id, incident.Id);
        Assert.Equal(IncidentStatus.Open, incident.Status);
        Assert.Equal(DiscoveredAt, incident.DiscoveredAt);
        Assert.Equal(DiscoveredAt.AddHours(-2), incident.OccurredAt);
        Assert.Equal(policy, incident.Policy);
        Assert.Null(incident.Risk);
        Assert.Null(incident.RegulatorNotifiedAt);
    }

    [Fact]
    public void Nothing_but_a_report_starts_an_incident()
    {
        Assert.Null(Incident.Evolve(null, new RiskAssessed(Id, RiskLevel.High, "x", Now, "dpo")));
    }

    [Fact]
    public void A_revised_occurrence_time_replaces_the_old_one()
    {
        var incident = Fold(Reported(), new OccurrenceTimeRevised(Id, DiscoveredAt.AddHours(-2), DiscoveredAt.AddDays(-3), false, "logs", Now, "dpo"));
        Assert.Equal(DiscoveredAt.AddDays(-3), incident.OccurredAt);
        Assert.Equal(DiscoveredAt, incident.DiscoveredAt);
    }

    [Fact]
    public void The_latest_risk_assessment_is_the_incidents_risk()
    {
        var incident = Fold(Reported(),
            new RiskAssessed(Id, RiskLevel.High, "first look", Now.AddHours(-2), "dpo"),
            new RiskAssessed(Id, RiskLevel.None, "data was encrypted", Now, "dpo"));
        Assert.Equal(RiskLevel.None, incident.Risk);
    }

    [Fact]
    public void The_initial_regulator_report_records_when_it_was_submitted()
    {
        var incident = Fold(Reported(), new RegulatorNotified(Id, DiscoveredAt.AddHours(20), "ICO", null, null, false, Now, "dpo"));
        Assert.Equal(DiscoveredAt.AddHours(20), incident.RegulatorNotifiedAt);
    }

    [Fact]
    public void Closing_then_reopening_gives_an_open_incident_again()
    {
        var closed = Incident.Evolve(Open with { Risk = RiskLevel.Risk }, new IncidentClosed(Id, "Handled", "", Now.AddHours(-1), "dpo"))!;
        Assert.Equal(IncidentStatus.Closed, closed.Status);

        var reopened = Incident.Evolve(closed, new IncidentReopened(Id, "new facts", Now, "dpo"))!;
        Assert.Equal(IncidentStatus.Open, reopened.Status);
        Assert.Equal(RiskLevel.Risk, reopened.Risk);
    }

    [Fact]
    public void A_whole_lifecycle_folds_to_the_state_decisions_need()
    {
        var incident = Fold(
            Reported(),
            new DpoNotified(Id, DiscoveredAt.AddHours(1), "e-mail", "how", "impact", Now, "alice"),
            new RiskAssessed(Id, RiskLevel.High, "why", Now, "dpo"),
            new RegulatorNotified(Id, DiscoveredAt.AddHours(20), "ICO", null, null, false, Now, "dpo"),
            new IncidentClosed(Id, "Handled", "", Now, "dpo"),
            new IncidentReopened(Id, "new facts", Now, "dpo"),
            new IncidentClosed(Id, "Handled again", "", Now, "dpo"));

        Assert.Equal(IncidentStatus.Closed, incident.Status);
        Assert.Equal(RiskLevel.High, incident.Risk);
        Assert.Equal(DiscoveredAt.AddHours(20), incident.RegulatorNotifiedAt);
    }

    public static TheoryData<object> EventsNoDecisionDependsOn => new()
    {
        new ContainmentActionTaken(Id, "wipe", Now, Now, "alice"),
        new RegulatorFollowUpSent(Id, Now, "more", Now, "dpo"),
        new DataSubjectsNotified(Id, Now, "e-mail", 3, true, Now, "dpo"),
        new ThirdPartyNotified(Id, "Acme", "DPA", Now, Now, "dpo"),
        "not an event at all",
    };

    [Theory]
    [MemberData(nameof(EventsNoDecisionDependsOn))]
    public void Events_no_decision_depends_on_leave_the_state_as_it_is(object @event)
    {
        var state = Open with { Risk = RiskLevel.Risk, RegulatorNotifiedAt = DiscoveredAt.AddHours(5) };
        Assert.Same(state, Incident.Evolve(state, @event));
    }

    [Fact]
    public void The_first_dpo_notice_stops_the_dpo_clock_and_a_later_one_does_not_move_it()
    {
        var first = Incident.Evolve(Open, new DpoNotified(Id, Now.AddHours(-2), "e-mail", "how", "impact", Now, "alice"))!;
        var second = Incident.Evolve(first, new DpoNotified(Id, Now, "phone", "how", "impact", Now, "alice"))!;

        Assert.Equal(Now.AddHours(-2), second.DpoNotifiedAt);
        Assert.False(second.IsRunning(BreachDesk.Escalating.DeadlineKind.Dpo));
        Assert.True(second.IsRunning(BreachDesk.Escalating.DeadlineKind.Regulator));
    }

    [Fact]
    public void A_second_report_does_not_reset_an_existing_incident()
    {
        var state = Open with { Status = IncidentStatus.Closed, Risk = RiskLevel.High };
        Assert.Same(state, Incident.Evolve(state, Reported()));
    }
}
