using BreachDesk.Assessing;
using BreachDesk.Escalating;
using BreachDesk.Incidents;

namespace BreachDesk.Tests.Escalating;

/// <summary>What a checkpoint does when it falls due: it re-reads the incident and acts only if the clock still runs.</summary>
public class EscalationDecisionTests
{
    private static readonly DateTimeOffset Occurred = DateTimeOffset.Parse("2026-04-01T08:00:00Z");
    private static readonly EscalationPolicy Policy = EscalationPolicy.Default;
    private readonly Incident _incident = EscalationPlannerTests.Reported(Occurred, Occurred);

    private EscalationCheckpoint Checkpoint(string name, DeadlineKind kind = DeadlineKind.Dpo) =>
        EscalationPlanner.Plan(_incident, Policy, Occurred).Single(c => c.Deadline == kind && c.Checkpoint == name);

    [Fact]
    public void A_running_clock_raises_the_escalation_at_the_checkpoints_level()
    {
        var outcome = Assert.IsType<EscalationOutcome.Raise>(EscalationDecision.Decide(_incident, Checkpoint("due-in-1h"), Policy, Occurred.AddHours(5)));
        var raised = Assert.IsType<EscalationRaised>(outcome.Event);
        Assert.Equal((DeadlineKind.Dpo, "due-in-1h", 2, Occurred.AddHours(6)), (raised.Deadline, raised.Checkpoint, raised.Level, raised.DueAt));
        Assert.Null(outcome.NextRepeat);
    }

    [Fact]
    public void A_checkpoint_delivered_twice_fires_once()
    {
        var checkpoint = Checkpoint("due-in-3h");
        var first = (EscalationOutcome.Raise)EscalationDecision.Decide(_incident, checkpoint, Policy, Occurred.AddHours(3));
        var after = Incident.Evolve(_incident, first.Event)!;

        Assert.IsType<EscalationOutcome.Stale>(EscalationDecision.Decide(after, checkpoint, Policy, Occurred.AddHours(3)));
    }

    [Fact]
    public void A_met_deadline_makes_its_checkpoint_stale()
    {
        var notified = Incident.Evolve(_incident, new DpoNotified(_incident.Id, Occurred.AddHours(1), "e-mail", "x", "x", Occurred.AddHours(1), "dpo"))!;
        Assert.IsType<EscalationOutcome.Stale>(EscalationDecision.Decide(notified, Checkpoint("due-in-1h"), Policy, Occurred.AddHours(5)));
        // The other clock still runs.
        Assert.IsType<EscalationOutcome.Raise>(EscalationDecision.Decide(notified, Checkpoint("due-in-48h", DeadlineKind.Regulator), Policy, Occurred.AddHours(24)));
    }

    [Fact]
    public void No_risk_makes_the_regulator_checkpoints_stale_and_a_risk_revives_them()
    {
        var none = Incident.Evolve(_incident, new RiskAssessed(_incident.Id, RiskLevel.None, "x", Occurred.AddHours(1), "dpo"))!;
        Assert.IsType<EscalationOutcome.Stale>(EscalationDecision.Decide(none, Checkpoint("due-in-48h", DeadlineKind.Regulator), Policy, Occurred.AddHours(24)));

        var risk = Incident.Evolve(none, new RiskAssessed(_incident.Id, RiskLevel.Risk, "x", Occurred.AddHours(2), "dpo"))!;
        Assert.IsType<EscalationOutcome.Raise>(EscalationDecision.Decide(risk, Checkpoint("due-in-48h", DeadlineKind.Regulator), Policy, Occurred.AddHours(24)));
    }

    [Fact]
    public void A_moved_deadline_makes_checkpoints_planned_for_the_old_due_time_stale()
    {
        var moved = Incident.Evolve(_incident, new OccurrenceTimeRevised(_incident.Id, Occurred, Occurred.AddHours(-1), false, "x", Occurred.AddHours(1), "r"))!;
        Assert.IsType<EscalationOutcome.Stale>(EscalationDecision.Decide(moved, Checkpoint("due-in-1h"), Policy, Occurred.AddHours(5)));
    }

    [Fact]
    public void A_closed_incident_escalates_nothing()
    {
        var closed = Incident.Evolve(_incident, new IncidentClosed(_incident.Id, "done", "", Occurred.AddHours(1), "dpo"))!;
        Assert.IsType<EscalationOutcome.Stale>(EscalationDecision.Decide(closed, Checkpoint("at-due"), Policy, Occurred.AddHours(6)));
    }

    [Fact]
    public void The_at_due_escalation_plans_its_repeat_and_an_acknowledgement_stops_the_repeats()
    {
        var atDue = (EscalationOutcome.Raise)EscalationDecision.Decide(_incident, Checkpoint("at-due"), Policy, Occurred.AddHours(6));
        var raised = Assert.IsType<EscalationRaised>(atDue.Event);
        var repeat = atDue.NextRepeat!;
        Assert.Equal((1, Occurred.AddHours(7), 4), (repeat.Repeat, repeat.At, repeat.Level));

        var escalated = Incident.Evolve(_incident, raised)!;
        var repeated = (EscalationOutcome.Raise)EscalationDecision.Decide(escalated, repeat, Policy, repeat.At);
        Assert.Equal(raised.EscalationId, Assert.IsType<EscalationRepeated>(repeated.Event).EscalationId);

        var acknowledged = Incident.Evolve(escalated, new AcknowledgeEscalation(raised.EscalationId).Decide(escalated, "oncall", Occurred.AddHours(6.5)))!;
        Assert.IsType<EscalationOutcome.Stale>(EscalationDecision.Decide(acknowledged, repeat, Policy, repeat.At));
    }

    [Fact]
    public void Acknowledging_one_checkpoint_does_not_stop_the_next()
    {
        var first = (EscalationOutcome.Raise)EscalationDecision.Decide(_incident, Checkpoint("due-in-3h"), Policy, Occurred.AddHours(3));
        var raised = (EscalationRaised)first.Event;
        var incident = Incident.Evolve(_incident, raised)!;
        incident = Incident.Evolve(incident, new AcknowledgeEscalation(raised.EscalationId).Decide(incident, "oncall", Occurred.AddHours(3.1)))!;

        Assert.IsType<EscalationOutcome.Raise>(EscalationDecision.Decide(incident, Checkpoint("due-in-1h"), Policy, Occurred.AddHours(5)));
        Assert.Throws<IncidentConflictException>(() => new AcknowledgeEscalation(raised.EscalationId).Decide(incident, "oncall", Occurred.AddHours(4)));
    }
}
