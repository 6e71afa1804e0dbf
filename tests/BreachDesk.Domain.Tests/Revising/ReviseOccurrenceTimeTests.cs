using BreachDesk.Deadlines;
using BreachDesk.Incidents;
using BreachDesk.Revising;

namespace BreachDesk.Tests.Revising;

public class ReviseOccurrenceTimeTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-06-01T12:00:00Z");
    private static readonly Incident Open = new(Guid.NewGuid(), IncidentStatus.Open, Now.AddHours(-2), null, DeadlinePolicy.Default);

    [Fact]
    public void A_revision_records_the_previous_time_the_new_time_and_why()
    {
        var revised = new ReviseOccurrenceTime(Now.AddHours(-5), " logs ", true).Decide(Open, "dpo", Now);
        Assert.Null(revised.PreviousOccurredAt);
        Assert.Equal(Now.AddHours(-5), revised.OccurredAt);
        Assert.True(revised.IsEstimate);
        Assert.Equal("logs", revised.Reason);
        Assert.Equal("dpo", revised.Actor);
    }

    [Fact]
    public void A_revision_needs_a_time_not_after_discovery_and_a_reason()
    {
        var errors = new ReviseOccurrenceTime(Now.AddHours(-1), null, null).Validate(Open, Now);
        Assert.Equal(["occurredAt", "reason"], errors.ToDictionary().Keys.Order());
    }

    [Fact]
    public void A_closed_incident_cannot_be_revised()
    {
        var closed = Open with { Status = IncidentStatus.Closed };
        Assert.Throws<IncidentConflictException>(() => new ReviseOccurrenceTime(Now.AddHours(-5), "x", false).Decide(closed, "dpo", Now));
    }
}
