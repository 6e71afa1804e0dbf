using BreachDesk.Assessing;
using BreachDesk.Deadlines;
using BreachDesk.Incidents;
using BreachDesk.Notifying;

namespace BreachDesk.Tests.Notifying;

public class NotifyRegulatorTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-06-01T12:00:00Z");
    private static readonly DateTimeOffset DiscoveredAt = Now.AddDays(-5);
    private static readonly DateTimeOffset StatutoryDeadline = DiscoveredAt.AddHours(72);
    private static readonly Incident Open = new(Guid.NewGuid(), IncidentStatus.Open, DiscoveredAt, null, DeadlinePolicy.Default);

    private static NotifyRegulator SubmittedAt(DateTimeOffset submittedAt, string? lateReason = null) =>
        new(submittedAt, "ICO", "ICO-123", lateReason);

    [Fact]
    public void The_statutory_deadline_is_72_hours_after_discovery()
    {
        Assert.Equal(StatutoryDeadline, Open.StatutoryRegulatorDueAt());
    }

    [Fact]
    public void A_report_submitted_after_the_statutory_deadline_without_a_late_reason_is_invalid_naming_lateReason()
    {
        var errors = SubmittedAt(StatutoryDeadline.AddMinutes(1)).Validate(Open, Now);
        Assert.Equal(["lateReason"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_blank_late_reason_does_not_count_as_a_reason()
    {
        var errors = SubmittedAt(StatutoryDeadline.AddHours(1), lateReason: "   ").Validate(Open, Now);
        Assert.Equal(["lateReason"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_late_report_with_a_reason_is_valid_and_the_event_carries_the_reason()
    {
        var command = SubmittedAt(StatutoryDeadline.AddHours(3), lateReason: "  Waiting for the processor's forensic report  ");
        Assert.True(command.Validate(Open, Now).IsEmpty);

        var notified = command.Decide(Open, "dpo", Now);
        Assert.Equal("Waiting for the processor's forensic report", notified.LateReason);
        Assert.Equal(StatutoryDeadline.AddHours(3), notified.SubmittedAt);
    }

    [Fact]
    public void A_report_submitted_exactly_at_the_statutory_deadline_needs_no_late_reason()
    {
        Assert.True(SubmittedAt(StatutoryDeadline).Validate(Open, Now).IsEmpty);
    }

    [Fact]
    public void The_statutory_deadline_counts_from_discovery_even_when_the_breach_occurred_earlier()
    {
        var occurredLongBefore = Open with { OccurredAt = DiscoveredAt.AddDays(-10) };
        Assert.True(SubmittedAt(StatutoryDeadline).Validate(occurredLongBefore, Now).IsEmpty);
        Assert.True(SubmittedAt(StatutoryDeadline.AddSeconds(1)).Validate(occurredLongBefore, Now).Has("lateReason"));
    }

    [Fact]
    public void A_report_made_when_the_DPO_assessed_no_risk_is_recorded_as_voluntary()
    {
        var noRisk = Open with { Risk = RiskLevel.None };
        Assert.True(SubmittedAt(DiscoveredAt.AddHours(1)).Decide(noRisk, "dpo", Now).Voluntary);
    }

    [Theory]
    [InlineData(RiskLevel.Risk)]
    [InlineData(RiskLevel.High)]
    [InlineData(null)]
    public void A_report_made_with_a_risk_or_before_any_assessment_is_not_voluntary(RiskLevel? risk)
    {
        var incident = Open with { Risk = risk };
        Assert.False(SubmittedAt(DiscoveredAt.AddHours(1)).Decide(incident, "dpo", Now).Voluntary);
    }

    [Fact]
    public void A_second_initial_report_is_a_conflict()
    {
        var alreadyNotified = Open with { RegulatorNotifiedAt = DiscoveredAt.AddHours(10) };
        Assert.Throws<IncidentConflictException>(() => SubmittedAt(DiscoveredAt.AddHours(20)).Decide(alreadyNotified, "dpo", Now));
    }

    [Fact]
    public void A_report_records_who_made_it_when_and_to_which_regulator()
    {
        var notified = new NotifyRegulator(DiscoveredAt.AddHours(1), " DPC Ireland ", " REF-9 ", null).Decide(Open, "dpo", Now);
        Assert.Equal(Open.Id, notified.IncidentId);
        Assert.Equal(DiscoveredAt.AddHours(1), notified.SubmittedAt);
        Assert.Equal("DPC Ireland", notified.Regulator);
        Assert.Equal("REF-9", notified.Reference);
        Assert.Null(notified.LateReason);
        Assert.Equal(Now, notified.RecordedAt);
        Assert.Equal("dpo", notified.Actor);
    }

    [Fact]
    public void Without_a_regulator_the_report_goes_to_the_ICO()
    {
        var notified = new NotifyRegulator(DiscoveredAt.AddHours(1), " ", null, null).Decide(Open, "dpo", Now);
        Assert.Equal(NotifyRegulator.DefaultRegulator, notified.Regulator);
        Assert.Equal("ICO", notified.Regulator);
    }

    [Fact]
    public void The_submission_time_is_required()
    {
        var errors = new NotifyRegulator(null, null, null, null).Validate(Open, Now);
        Assert.Equal(["submittedAt"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_submission_time_before_discovery_is_refused()
    {
        var errors = SubmittedAt(DiscoveredAt.AddMinutes(-1)).Validate(Open, Now);
        Assert.Equal(["submittedAt"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_submission_time_in_the_future_beyond_clock_skew_is_refused_and_within_it_accepted()
    {
        var recent = Open with { DiscoveredAt = Now.AddHours(-1) };
        Assert.True(SubmittedAt(Now.AddMinutes(5)).Validate(recent, Now).IsEmpty);
        Assert.Equal(["submittedAt"], SubmittedAt(Now.AddMinutes(5).AddSeconds(1)).Validate(recent, Now).ToDictionary().Keys);
    }

    [Fact]
    public void A_closed_incident_cannot_be_reported_to_the_regulator()
    {
        var closed = Open with { Status = IncidentStatus.Closed, Risk = RiskLevel.Risk };
        Assert.Throws<IncidentConflictException>(() => SubmittedAt(DiscoveredAt.AddHours(1)).Decide(closed, "dpo", Now));
    }
}
