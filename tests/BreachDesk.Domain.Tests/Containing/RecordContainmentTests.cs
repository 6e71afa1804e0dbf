using BreachDesk.Containing;
using BreachDesk.Deadlines;
using BreachDesk.Incidents;

namespace BreachDesk.Tests.Containing;

public class RecordContainmentTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-06-01T12:00:00Z");
    private static readonly DateTimeOffset DiscoveredAt = Now.AddHours(-6);
    private static readonly Incident Open = new(Guid.NewGuid(), IncidentStatus.Open, DiscoveredAt, null, DeadlinePolicy.Default);

    [Fact]
    public void A_containment_step_records_what_was_done_and_when()
    {
        var command = new RecordContainment("  Remote wipe of the laptop  ", DiscoveredAt.AddHours(1));
        Assert.True(command.Validate(Open, Now).IsEmpty);

        var taken = command.Decide(Open, "security", Now);
        Assert.Equal(Open.Id, taken.IncidentId);
        Assert.Equal("Remote wipe of the laptop", taken.Action);
        Assert.Equal(DiscoveredAt.AddHours(1), taken.TakenAt);
        Assert.Equal(Now, taken.RecordedAt);
        Assert.Equal("security", taken.Actor);
    }

    [Fact]
    public void Every_missing_required_field_is_named()
    {
        var errors = new RecordContainment(" ", null).Validate(Open, Now);
        Assert.Equal(["action", "takenAt"], errors.ToDictionary().Keys.Order());
    }

    [Fact]
    public void An_overlong_action_is_refused()
    {
        var errors = new RecordContainment(new string('x', 20_001), DiscoveredAt.AddHours(1)).Validate(Open, Now);
        Assert.Equal(["action"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_time_in_the_future_beyond_clock_skew_is_refused_and_within_it_accepted()
    {
        Assert.True(new RecordContainment("Passwords reset", Now.AddMinutes(5)).Validate(Open, Now).IsEmpty);
        var errors = new RecordContainment("Passwords reset", Now.AddMinutes(6)).Validate(Open, Now);
        Assert.Equal(["takenAt"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_closed_incident_cannot_record_containment()
    {
        var closed = Open with { Status = IncidentStatus.Closed };
        Assert.Throws<IncidentConflictException>(() => new RecordContainment("Passwords reset", DiscoveredAt.AddHours(1)).Decide(closed, "security", Now));
    }
}
