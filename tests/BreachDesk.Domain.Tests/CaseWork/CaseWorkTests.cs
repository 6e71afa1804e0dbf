using BreachDesk.CaseWork;
using BreachDesk.Deadlines;
using BreachDesk.Incidents;

namespace BreachDesk.Tests.CaseWork;

public class CaseWorkTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-06-01T12:00:00Z");
    private static readonly DateTimeOffset DiscoveredAt = Now.AddHours(-5);
    private static readonly Incident Open = new(Guid.NewGuid(), IncidentStatus.Open, DiscoveredAt, null, DeadlinePolicy.Default);

    private static Incident With(Incident incident, params object[] events) =>
        events.Aggregate(incident, (state, e) => Incident.Evolve(state, e)!);

    [Fact]
    public void Reassigning_records_who_had_the_incident_before()
    {
        var first = new AssignOwner(" jane.dpo ", null).Decide(Open, "lead", Now);
        Assert.Equal("jane.dpo", first.Owner);
        Assert.Null(first.PreviousOwner);

        var second = new AssignOwner("sam.sec", "Jane is on leave").Decide(With(Open, first), "lead", Now);
        Assert.Equal("jane.dpo", second.PreviousOwner);
        Assert.Equal("Jane is on leave", second.Note);
    }

    [Fact]
    public void An_owner_is_required()
    {
        Assert.Equal(["owner"], new AssignOwner("  ", null).Validate(Open, Now).ToDictionary().Keys);
    }

    [Fact]
    public void Tasks_are_numbered_from_one_in_the_order_they_were_added()
    {
        var first = new AddTask("Reset passwords", "sam", Now.AddHours(4)).Decide(Open, "lead", Now);
        var second = new AddTask("Call the processor", null, null).Decide(With(Open, first), "lead", Now);
        Assert.Equal(1, first.TaskNumber);
        Assert.Equal(2, second.TaskNumber);
    }

    [Fact]
    public void A_task_may_be_due_in_the_future_but_not_before_the_breach_was_discovered()
    {
        Assert.True(new AddTask("Reset passwords", null, Now.AddDays(3)).Validate(Open, Now).IsEmpty);
        Assert.Equal(["dueAt"], new AddTask("Reset passwords", null, DiscoveredAt.AddMinutes(-1)).Validate(Open, Now).ToDictionary().Keys);
        Assert.Equal(["title"], new AddTask(null, null, null).Validate(Open, Now).ToDictionary().Keys);
    }

    [Fact]
    public void A_finished_task_stays_finished()
    {
        var added = new AddTask("Reset passwords", null, null).Decide(Open, "lead", Now);
        var done = With(Open, added, new CompleteTask(1, "All 40 reset").Decide(With(Open, added), "sam", Now));

        Assert.Throws<IncidentConflictException>(() => new CompleteTask(1, null).Decide(done, "sam", Now));
        Assert.Throws<IncidentConflictException>(() => new CancelTask(1, null).Decide(done, "sam", Now));
    }

    [Fact]
    public void A_task_the_incident_does_not_have_is_not_found()
    {
        Assert.Throws<IncidentPartNotFoundException>(() => new CompleteTask(7, null).Decide(Open, "sam", Now));
        Assert.Throws<IncidentPartNotFoundException>(() => new CancelTask(0, null).Decide(Open, "sam", Now));
    }

    [Fact]
    public void A_closed_incident_takes_no_case_work()
    {
        var closed = Open with { Status = IncidentStatus.Closed };
        Assert.Throws<IncidentConflictException>(() => new AssignOwner("sam", null).Decide(closed, "lead", Now));
        Assert.Throws<IncidentConflictException>(() => new AddTask("x", null, null).Decide(closed, "lead", Now));
        Assert.Throws<IncidentConflictException>(() => new AddNote("x").Decide(closed, "lead", Now));
    }

    [Fact]
    public void A_note_needs_text_and_is_kept_trimmed()
    {
        Assert.Equal(["text"], new AddNote(" ").Validate(Open, Now).ToDictionary().Keys);
        Assert.Equal("Spoke to the processor.", new AddNote("  Spoke to the processor. ").Decide(Open, "sam", Now).Text);
    }
}
