using BreachDesk.Assessing;
using BreachDesk.Deadlines;
using BreachDesk.Incidents;
using BreachDesk.Notifying;

namespace BreachDesk.Tests.Notifying;

public class SendRegulatorFollowUpTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-06-01T12:00:00Z");
    private static readonly DateTimeOffset DiscoveredAt = Now.AddDays(-3);
    private static readonly Incident Open = new(Guid.NewGuid(), IncidentStatus.Open, DiscoveredAt, null, DeadlinePolicy.Default);
    private static readonly Incident Notified = Open with { Risk = RiskLevel.Risk, RegulatorNotifiedAt = DiscoveredAt.AddHours(24) };

    private static SendRegulatorFollowUp FollowUp(DateTimeOffset? sentAt = null, string? information = "Forensics confirm 1,200 records.") =>
        new(sentAt ?? DiscoveredAt.AddHours(48), information);

    [Fact]
    public void A_follow_up_before_any_initial_report_is_a_conflict()
    {
        Assert.Throws<IncidentConflictException>(() => FollowUp().Decide(Open, "dpo", Now));
    }

    [Fact]
    public void A_follow_up_after_the_initial_report_is_recorded()
    {
        var sent = FollowUp(information: "  Forensics confirm 1,200 records.  ").Decide(Notified, "dpo", Now);
        Assert.Equal(Notified.Id, sent.IncidentId);
        Assert.Equal(DiscoveredAt.AddHours(48), sent.SentAt);
        Assert.Equal("Forensics confirm 1,200 records.", sent.Information);
        Assert.Equal(Now, sent.RecordedAt);
        Assert.Equal("dpo", sent.Actor);
    }

    [Fact]
    public void A_follow_up_is_allowed_once_the_initial_report_has_been_folded_into_the_incident()
    {
        var initial = new NotifyRegulator(DiscoveredAt.AddHours(24), null, null, null).Decide(Open, "dpo", Now);
        var afterReport = Incident.Evolve(Open, initial)!;

        var sent = FollowUp().Decide(afterReport, "dpo", Now);
        Assert.Equal(afterReport.Id, sent.IncidentId);
    }

    [Fact]
    public void Several_follow_ups_may_be_sent()
    {
        var first = FollowUp().Decide(Notified, "dpo", Now);
        var afterFirst = Incident.Evolve(Notified, first)!;
        var second = FollowUp(DiscoveredAt.AddHours(60), "Root cause found.").Decide(afterFirst, "dpo", Now);
        Assert.Equal("Root cause found.", second.Information);
    }

    [Fact]
    public void The_sending_time_and_the_information_are_required()
    {
        var errors = new SendRegulatorFollowUp(null, " ").Validate(Notified, Now);
        Assert.Equal(["information", "sentAt"], errors.ToDictionary().Keys.Order());
    }

    [Fact]
    public void A_sending_time_before_discovery_is_refused()
    {
        var errors = FollowUp(DiscoveredAt.AddSeconds(-1)).Validate(Notified, Now);
        Assert.Equal(["sentAt"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_sending_time_in_the_future_beyond_clock_skew_is_refused_and_within_it_accepted()
    {
        Assert.True(FollowUp(Now.AddMinutes(4)).Validate(Notified, Now).IsEmpty);
        Assert.Equal(["sentAt"], FollowUp(Now.AddMinutes(6)).Validate(Notified, Now).ToDictionary().Keys);
    }

    [Fact]
    public void A_closed_incident_cannot_get_a_follow_up()
    {
        var closed = Notified with { Status = IncidentStatus.Closed };
        Assert.Throws<IncidentConflictException>(() => FollowUp().Decide(closed, "dpo", Now));
    }
}
