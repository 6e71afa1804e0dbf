using BreachDesk.Assessing;
using BreachDesk.Deadlines;
using BreachDesk.Escalating;
using BreachDesk.Incidents;
using Microsoft.Extensions.Time.Testing;

namespace BreachDesk.Tests.Escalating;

/// <summary>The default policies of issue 4, checkpoint by checkpoint, with a fake clock.</summary>
public class EscalationPlannerTests
{
    private static readonly DateTimeOffset Occurred = DateTimeOffset.Parse("2026-04-01T08:00:00Z");
    private static readonly EscalationPolicy Policy = EscalationPolicy.Default;

    internal static Incident Reported(DateTimeOffset occurred, DateTimeOffset reportedAt) =>
        Incident.From(new IncidentReported(Guid.NewGuid(), "BD-2026-0001", "t", "d", occurred, occurred, false, IncidentSource.Staff,
            [], "r", reportedAt, DeadlinePolicy.Default, "r"));

    [Fact]
    public void A_fresh_incident_plans_every_checkpoint_of_both_default_policies()
    {
        var clock = new FakeTimeProvider(Occurred.AddMinutes(10));
        var plan = EscalationPlanner.Plan(Reported(Occurred, clock.GetUtcNow()), Policy, clock.GetUtcNow());

        Assert.Equal(
        [
            ("Dpo", "reported", "2026-04-01T08:10:00Z", 1),
            ("Dpo", "due-in-3h", "2026-04-01T11:00:00Z", 1),
            ("Dpo", "due-in-1h", "2026-04-01T13:00:00Z", 2),
            ("Dpo", "at-due", "2026-04-01T14:00:00Z", 3),
            ("Regulator", "due-in-48h", "2026-04-02T08:00:00Z", 1),
            ("Regulator", "due-in-24h", "2026-04-03T08:00:00Z", 2),
            ("Regulator", "due-in-6h", "2026-04-04T02:00:00Z", 2),
            ("Regulator", "due-in-1h", "2026-04-04T07:00:00Z", 3),
            ("Regulator", "at-due", "2026-04-04T08:00:00Z", 3),
        ], plan.Select(c => (c.Deadline.ToString(), c.Checkpoint, c.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"), c.Level)));
    }

    [Fact]
    public void While_overdue_the_dpo_escalation_repeats_hourly_and_the_regulator_one_every_six_hours_at_the_overdue_level()
    {
        var incident = Reported(Occurred, Occurred);
        var dpoAtDue = EscalationPlanner.Plan(incident, Policy, Occurred).Single(c => c is { Deadline: DeadlineKind.Dpo, Checkpoint: "at-due" });
        var first = EscalationPlanner.NextRepeat(dpoAtDue, Policy, dpoAtDue.At);
        var second = EscalationPlanner.NextRepeat(first, Policy, first.At);
        Assert.Equal((Occurred.AddHours(7), 1, 4), (first.At, first.Repeat, first.Level));
        Assert.Equal((Occurred.AddHours(8), 2, 4), (second.At, second.Repeat, second.Level));

        var regulatorAtDue = EscalationPlanner.Plan(incident, Policy, Occurred).Single(c => c is { Deadline: DeadlineKind.Regulator, Checkpoint: "at-due" });
        var regulatorRepeat = EscalationPlanner.NextRepeat(regulatorAtDue, Policy, regulatorAtDue.At);
        Assert.Equal((Occurred.AddHours(78), 1, 4), (regulatorRepeat.At, regulatorRepeat.Repeat, regulatorRepeat.Level));
    }

    [Fact]
    public void After_downtime_the_next_repeat_is_the_first_still_ahead_not_the_ones_missed()
    {
        var incident = Reported(Occurred, Occurred);
        var atDue = EscalationPlanner.Plan(incident, Policy, Occurred).Single(c => c is { Deadline: DeadlineKind.Dpo, Checkpoint: "at-due" });
        var next = EscalationPlanner.NextRepeat(atDue, Policy, now: Occurred.AddHours(9.5));
        Assert.Equal((Occurred.AddHours(10), 4), (next.At, next.Repeat));
    }

    [Fact]
    public void An_incident_reported_late_fires_only_its_latest_passed_checkpoint_at_once()
    {
        var now = Occurred.AddHours(6.5); // past the DPO deadline already
        var plan = EscalationPlanner.Plan(Reported(Occurred, now), Policy, now);

        var immediate = Assert.Single(plan, c => c.At == now);
        Assert.Equal((DeadlineKind.Dpo, "reported"), (immediate.Deadline, immediate.Checkpoint));
        Assert.DoesNotContain(plan, c => c.Deadline == DeadlineKind.Dpo && c.Checkpoint != "reported");
        Assert.Equal(5, plan.Count(c => c.Deadline == DeadlineKind.Regulator && c.At > now));
    }

    [Fact]
    public void A_late_report_without_a_report_checkpoint_fires_the_at_due_escalation_at_once()
    {
        var policy = Policy with { Dpo = Policy.Dpo with { Checkpoints = Policy.Dpo.Checkpoints.Where(c => !c.AtReport).ToList() } };
        var now = Occurred.AddHours(6.5);
        var plan = EscalationPlanner.Plan(Reported(Occurred, now), policy, now);
        var immediate = Assert.Single(plan, c => c.At == now);
        Assert.Equal("at-due", immediate.Checkpoint);
    }

    [Fact]
    public void Fired_checkpoints_and_stopped_clocks_are_not_planned_again()
    {
        var incident = Reported(Occurred, Occurred);
        var reported = EscalationPlanner.Plan(incident, Policy, Occurred).First();
        var fired = (EscalationOutcome.Raise)EscalationDecision.Decide(incident, reported, Policy, Occurred);
        incident = Incident.Evolve(incident, fired.Event)!;
        incident = Incident.Evolve(incident, new DpoNotified(incident.Id, Occurred.AddHours(1), "e-mail", "x", "x", Occurred.AddHours(1), "dpo"))!;
        incident = Incident.Evolve(incident, new RiskAssessed(incident.Id, RiskLevel.None, "x", Occurred.AddHours(1), "dpo"))!;

        Assert.Empty(EscalationPlanner.Plan(incident, Policy, Occurred.AddHours(1)));
    }

    [Fact]
    public void The_report_checkpoint_fires_once_even_when_the_deadline_moves_afterwards()
    {
        var incident = Reported(Occurred, Occurred.AddMinutes(5));
        var reported = EscalationPlanner.Plan(incident, Policy, Occurred.AddMinutes(5)).Single(c => c.Checkpoint == "reported");
        incident = Incident.Evolve(incident, ((EscalationOutcome.Raise)EscalationDecision.Decide(incident, reported, Policy, Occurred.AddMinutes(5))).Event)!;
        incident = Incident.Evolve(incident, new OccurrenceTimeRevised(incident.Id, Occurred, Occurred.AddHours(-2), false, "logs", Occurred.AddMinutes(20), "r"))!;

        var replanned = EscalationPlanner.Plan(incident, Policy, Occurred.AddMinutes(20));
        Assert.DoesNotContain(replanned, c => c.Checkpoint == "reported");
    }

    [Fact]
    public void Moving_the_occurrence_earlier_plans_checkpoints_for_the_new_due_time()
    {
        var incident = Reported(Occurred, Occurred.AddMinutes(5));
        incident = Incident.Evolve(incident, new OccurrenceTimeRevised(incident.Id, Occurred, Occurred.AddHours(-2), false, "logs", Occurred.AddMinutes(20), "r"))!;

        var dpo = EscalationPlanner.Plan(incident, Policy, Occurred.AddMinutes(20)).Where(c => c.Deadline == DeadlineKind.Dpo).ToList();
        Assert.All(dpo, c => Assert.Equal(Occurred.AddHours(4), c.DueAt));
        Assert.Contains(dpo, c => c.Checkpoint == "due-in-3h" && c.At == Occurred.AddHours(1));
    }
}
