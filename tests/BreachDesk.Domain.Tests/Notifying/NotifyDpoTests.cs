using BreachDesk.Deadlines;
using BreachDesk.Incidents;
using BreachDesk.Notifying;

namespace BreachDesk.Tests.Notifying;

public class NotifyDpoTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-06-01T12:00:00Z");
    private static readonly DateTimeOffset DiscoveredAt = Now.AddHours(-4);
    private static readonly Incident Open = new(Guid.NewGuid(), IncidentStatus.Open, DiscoveredAt, null, DeadlinePolicy.Default);

    private static NotifyDpo Notice(DateTimeOffset? notifiedAt = null) =>
        new(notifiedAt ?? DiscoveredAt.AddHours(1), " e-mail ", " Laptop left on a train ", " Customer contact details exposed ");

    [Fact]
    public void A_complete_notice_is_valid_and_records_what_the_DPO_was_told()
    {
        var command = Notice();
        Assert.True(command.Validate(Open, Now).IsEmpty);

        var notified = command.Decide(Open, "security", Now);
        Assert.Equal(Open.Id, notified.IncidentId);
        Assert.Equal(DiscoveredAt.AddHours(1), notified.NotifiedAt);
        Assert.Equal("e-mail", notified.Channel);
        Assert.Equal("Laptop left on a train", notified.HowItOccurred);
        Assert.Equal("Customer contact details exposed", notified.LikelyImpact);
        Assert.Equal(Now, notified.RecordedAt);
        Assert.Equal("security", notified.Actor);
    }

    [Fact]
    public void Every_missing_required_field_is_named()
    {
        var errors = new NotifyDpo(null, null, " ", "").Validate(Open, Now);
        Assert.Equal(["channel", "howItOccurred", "likelyImpact", "notifiedAt"], errors.ToDictionary().Keys.Order());
    }

    [Fact]
    public void A_notice_time_before_discovery_is_refused()
    {
        var errors = Notice(DiscoveredAt.AddTicks(-1)).Validate(Open, Now);
        Assert.Equal(["notifiedAt"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_notice_at_the_moment_of_discovery_is_accepted()
    {
        Assert.True(Notice(DiscoveredAt).Validate(Open, Now).IsEmpty);
    }

    [Fact]
    public void A_notice_time_in_the_future_beyond_clock_skew_is_refused_and_within_it_accepted()
    {
        Assert.True(Notice(Now.AddMinutes(5)).Validate(Open, Now).IsEmpty);
        Assert.Equal(["notifiedAt"], Notice(Now.AddMinutes(5).AddTicks(1)).Validate(Open, Now).ToDictionary().Keys);
    }

    [Fact]
    public void A_closed_incident_cannot_record_a_DPO_notice()
    {
        var closed = Open with { Status = IncidentStatus.Closed };
        Assert.Throws<IncidentConflictException>(() => Notice().Decide(closed, "security", Now));
    }
}
