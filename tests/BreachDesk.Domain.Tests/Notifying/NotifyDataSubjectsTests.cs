using BreachDesk.Assessing;
using BreachDesk.Deadlines;
using BreachDesk.Incidents;
using BreachDesk.Notifying;

namespace BreachDesk.Tests.Notifying;

public class NotifyDataSubjectsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-06-01T12:00:00Z");
    private static readonly DateTimeOffset DiscoveredAt = Now.AddDays(-2);
    private static readonly Incident Open = new(Guid.NewGuid(), IncidentStatus.Open, DiscoveredAt, null, DeadlinePolicy.Default);

    private static NotifyDataSubjects Notice(DateTimeOffset? sentAt = null, string? channel = "e-mail", int? recipients = 250) =>
        new(sentAt ?? DiscoveredAt.AddHours(30), channel, recipients);

    [Fact]
    public void Telling_people_after_a_high_risk_assessment_is_not_marked_as_without_high_risk()
    {
        var high = Open with { Risk = RiskLevel.High };
        Assert.False(Notice().Decide(high, "dpo", Now).WithoutHighRisk);
    }

    [Theory]
    [InlineData(RiskLevel.None)]
    [InlineData(RiskLevel.Risk)]
    [InlineData(null)]
    public void Telling_people_without_a_high_risk_assessment_is_recorded_as_such(RiskLevel? risk)
    {
        var incident = Open with { Risk = risk };
        Assert.True(Notice().Decide(incident, "dpo", Now).WithoutHighRisk);
    }

    [Fact]
    public void A_notice_records_when_how_and_to_how_many_people()
    {
        var notified = Notice(channel: "  letter  ", recipients: 1).Decide(Open with { Risk = RiskLevel.High }, "dpo", Now);
        Assert.Equal(Open.Id, notified.IncidentId);
        Assert.Equal(DiscoveredAt.AddHours(30), notified.SentAt);
        Assert.Equal("letter", notified.Channel);
        Assert.Equal(1, notified.Recipients);
        Assert.Equal(Now, notified.RecordedAt);
        Assert.Equal("dpo", notified.Actor);
    }

    [Fact]
    public void One_recipient_is_enough()
    {
        Assert.True(Notice(recipients: 1).Validate(Open, Now).IsEmpty);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Fewer_than_one_recipient_is_refused(int recipients)
    {
        var errors = Notice(recipients: recipients).Validate(Open, Now);
        Assert.Equal(["recipients"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void Every_missing_required_field_is_named()
    {
        var errors = new NotifyDataSubjects(null, "", null).Validate(Open, Now);
        Assert.Equal(["channel", "recipients", "sentAt"], errors.ToDictionary().Keys.Order());
    }

    [Fact]
    public void A_sending_time_before_discovery_is_refused()
    {
        var errors = Notice(DiscoveredAt.AddMinutes(-1)).Validate(Open, Now);
        Assert.Equal(["sentAt"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_sending_time_in_the_future_beyond_clock_skew_is_refused_and_within_it_accepted()
    {
        Assert.True(Notice(Now.AddMinutes(5)).Validate(Open, Now).IsEmpty);
        Assert.Equal(["sentAt"], Notice(Now.AddMinutes(10)).Validate(Open, Now).ToDictionary().Keys);
    }

    [Fact]
    public void A_closed_incident_cannot_record_a_notice_to_data_subjects()
    {
        var closed = Open with { Status = IncidentStatus.Closed, Risk = RiskLevel.High };
        Assert.Throws<IncidentConflictException>(() => Notice().Decide(closed, "dpo", Now));
    }
}
