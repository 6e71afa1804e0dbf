using BreachDesk.Deadlines;
using BreachDesk.Incidents;
using BreachDesk.Notifying;

namespace BreachDesk.Tests.Notifying;

public class NotifyThirdPartyTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-06-01T12:00:00Z");
    private static readonly DateTimeOffset DiscoveredAt = Now.AddDays(-1);
    private static readonly Incident Open = new(Guid.NewGuid(), IncidentStatus.Open, DiscoveredAt, null, DeadlinePolicy.Default);

    private static NotifyThirdParty Notice(DateTimeOffset? notifiedAt = null) =>
        new(" Acme Payroll Ltd ", " DPA 2024-11 ", notifiedAt ?? DiscoveredAt.AddHours(2));

    [Fact]
    public void A_complete_notice_is_valid_and_records_the_party_and_the_agreement()
    {
        var command = Notice();
        Assert.True(command.Validate(Open, Now).IsEmpty);

        var notified = command.Decide(Open, "dpo", Now);
        Assert.Equal(Open.Id, notified.IncidentId);
        Assert.Equal("Acme Payroll Ltd", notified.Party);
        Assert.Equal("DPA 2024-11", notified.Agreement);
        Assert.Equal(DiscoveredAt.AddHours(2), notified.NotifiedAt);
        Assert.Equal(Now, notified.RecordedAt);
        Assert.Equal("dpo", notified.Actor);
    }

    [Fact]
    public void Every_missing_required_field_is_named()
    {
        var errors = new NotifyThirdParty(null, "  ", null).Validate(Open, Now);
        Assert.Equal(["agreement", "notifiedAt", "party"], errors.ToDictionary().Keys.Order());
    }

    [Fact]
    public void A_notice_time_before_discovery_is_refused()
    {
        var errors = Notice(DiscoveredAt.AddHours(-1)).Validate(Open, Now);
        Assert.Equal(["notifiedAt"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_notice_time_in_the_future_beyond_clock_skew_is_refused_and_within_it_accepted()
    {
        Assert.True(Notice(Now.AddMinutes(3)).Validate(Open, Now).IsEmpty);
        Assert.Equal(["notifiedAt"], Notice(Now.AddDays(1)).Validate(Open, Now).ToDictionary().Keys);
    }

    [Fact]
    public void A_closed_incident_cannot_record_a_third_party_notice()
    {
        var closed = Open with { Status = IncidentStatus.Closed };
        Assert.Throws<IncidentConflictException>(() => Notice().Decide(closed, "dpo", Now));
    }
}
