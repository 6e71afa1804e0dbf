using BreachDesk.Assessing;
using BreachDesk.Deadlines;
using BreachDesk.Escalating;
using BreachDesk.Incidents;
using Microsoft.Extensions.Time.Testing;

namespace BreachDesk.Tests.Escalating;

/// <summary>
/// The sweep's one decision, with the default policies and a fake clock: what it raises, repeats and resolves, and
/// when it wants to look again. <see cref="Sweeper"/> plays the sweeper: it decides, folds the events into the log, and
/// keeps the wake-up, as one sweep transaction does.
/// </summary>
public class EscalationSweepTests
{
    private static readonly DateTimeOffset Occurred = DateTimeOffset.Parse("2026-04-01T08:00:00Z");
    private static readonly EscalationPolicy Policy = EscalationPolicy.Default;

    internal static Incident Reported(DateTimeOffset occurred, DateTimeOffset reportedAt) =>
        Incident.From(new IncidentReported(Guid.NewGuid(), "BD-2026-0001", "t", "d", occurred, occurred, false, IncidentSource.Staff,
            [], "r", reportedAt, DeadlinePolicy.Default, "r"));

    private sealed class Sweeper(Incident incident, FakeTimeProvider clock)
    {
        public Incident Incident { get; set; } = incident;
        public IncidentEscalations? Log { get; private set; }
        public WakeUp? Next { get; private set; }

        public IReadOnlyList<object> Sweep()
        {
            var decision = EscalationSweep.Decide(Incident, Log, Policy, clock.GetUtcNow());
            foreach (var e in decision.Events) Log = IncidentEscalations.Evolve(Log, e);
            Next = decision.Next;
            return decision.Events;
        }

        /// <summary>Moves the clock to the wake-up and sweeps, as the sweeper does when a wake-up falls due.</summary>
        public IReadOnlyList<object> WakeUp()
        {
            clock.SetUtcNow(Next!.At);
            return Sweep();
        }

        public void Record(object fact) => Incident = Incident.Evolve(Incident, fact)!;
        public EscalationState Only(DeadlineKind clock, string checkpoint) => Log!.Escalations.Values.Single(e => e.Deadline == clock && e.Checkpoint == checkpoint);
    }

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");

    [Fact]
    public void A_fresh_report_alerts_at_once_and_wakes_for_the_next_checkpoint_of_either_clock()
    {
        var clock = new FakeTimeProvider(Occurred.AddMinutes(10));
        var sweeper = new Sweeper(Reported(Occurred, clock.GetUtcNow()), clock);

        var raised = Assert.IsType<EscalationRaised>(Assert.Single(sweeper.Sweep()));
        Assert.Equal((DeadlineKind.Dpo, "reported", 1), (raised.Deadline, raised.Checkpoint, raised.Level));
        Assert.Equal(new WakeUp(Occurred.AddHours(3), 1), sweeper.Next); // the DPO's due-in-3h comes before the regulator's due-in-48h
        Assert.Empty(sweeper.Sweep()); // sweeping again at the same moment decides nothing
    }

    [Fact]
    public void Waking_at_each_wake_up_walks_both_default_policies_checkpoint_by_checkpoint_then_repeats_while_overdue()
    {
        var clock = new FakeTimeProvider(Occurred.AddMinutes(10));
        var sweeper = new Sweeper(Reported(Occurred, clock.GetUtcNow()), clock);
        var fired = sweeper.Sweep().ToList();
        while (sweeper.Next!.At < Occurred.AddHours(85)) fired.AddRange(sweeper.WakeUp());

        Assert.Equal(
        [
            ("Dpo", "reported", "2026-04-01T08:10:00Z", 1),
            ("Dpo", "due-in-3h", "2026-04-01T11:00:00Z", 1),
            ("Dpo", "due-in-1h", "2026-04-01T13:00:00Z", 2),
            ("Dpo", "at-due", "2026-04-01T14:00:00Z", 3),
            ("Dpo", "repeat-1", "2026-04-01T15:00:00Z", 4),
            ("Dpo", "repeat-2", "2026-04-01T16:00:00Z", 4),
        ], fired.Take(6).Select(Describe));
        Assert.Equal(
        [
            ("Regulator", "due-in-48h", "2026-04-02T08:00:00Z", 1),
            ("Regulator", "due-in-24h", "2026-04-03T08:00:00Z", 2),
            ("Regulator", "due-in-6h", "2026-04-04T02:00:00Z", 2),
            ("Regulator", "due-in-1h", "2026-04-04T07:00:00Z", 3),
            ("Regulator", "at-due", "2026-04-04T08:00:00Z", 3),
            ("Regulator", "repeat-1", "2026-04-04T14:00:00Z", 4),
            ("Regulator", "repeat-2", "2026-04-04T20:00:00Z", 4),
        ], fired.Select(Describe).Where(d => d.Item1 == "Regulator"));
        Assert.All(fired, e => Assert.True(e is EscalationRaised or EscalationRepeated));

        (string, string, string, int) Describe(object e) => e switch
        {
            EscalationRaised r => (r.Deadline.ToString(), r.Checkpoint, Utc(r.RaisedAt), r.Level),
            EscalationRepeated r => (sweeper.Log!.Escalations[r.EscalationId].Deadline.ToString(), $"repeat-{r.Repeat}", Utc(r.RepeatedAt), r.Level),
            _ => throw new InvalidOperationException(),
        };
    }

    [Fact]
    public void A_report_eight_days_after_the_breach_raises_the_at_due_escalations_at_once_and_plans_the_dpo_level_4_repeat()
    {
        var clock = new FakeTimeProvider(Occurred.AddDays(8));
        var sweeper = new Sweeper(Reported(Occurred, clock.GetUtcNow()), clock);

        var raised = sweeper.Sweep().Cast<EscalationRaised>().ToList();

        Assert.Equal([("Dpo", "at-due", 3), ("Regulator", "at-due", 3)], raised.Select(r => (r.Deadline.ToString(), r.Checkpoint, r.Level)));
        Assert.All(raised, r => Assert.Equal(clock.GetUtcNow(), r.RaisedAt));
        // DPO due at 14:00 on day 0, now 08:00 on day 8 (186 h overdue): the next hourly repeat is at 09:00, at level 4.
        Assert.Equal(new WakeUp(Occurred.AddDays(8).AddHours(1), 4), sweeper.Next);

        var repeat = Assert.IsType<EscalationRepeated>(Assert.Single(sweeper.WakeUp()));
        Assert.Equal((187, 4), (repeat.Repeat, repeat.Level));
        Assert.Equal(sweeper.Only(DeadlineKind.Dpo, "at-due").Id, repeat.EscalationId);
        Assert.Empty(sweeper.Sweep()); // the milder checkpoints were superseded, not left to fire later
    }

    [Fact]
    public void Of_several_passed_checkpoints_the_most_severe_fires_and_the_milder_ones_never_do()
    {
        var clock = new FakeTimeProvider(Occurred.AddHours(5.5)); // past "reported", "due-in-3h" (1) and "due-in-1h" (2); at-due at 14:00
        var sweeper = new Sweeper(Reported(Occurred, clock.GetUtcNow()), clock);

        var raised = Assert.IsType<EscalationRaised>(Assert.Single(sweeper.Sweep()));
        Assert.Equal(("due-in-1h", 2), (raised.Checkpoint, raised.Level));
        Assert.Equal(new WakeUp(Occurred.AddHours(6), 3), sweeper.Next);

        var atDue = Assert.IsType<EscalationRaised>(Assert.Single(sweeper.WakeUp()));
        Assert.Equal(("at-due", 3), (atDue.Checkpoint, atDue.Level));
    }

    [Fact]
    public void A_clock_that_stops_resolves_its_open_and_acknowledged_escalations_and_leaves_the_other_clocks()
    {
        var clock = new FakeTimeProvider(Occurred.AddDays(8));
        var sweeper = new Sweeper(Reported(Occurred, clock.GetUtcNow()), clock);
        sweeper.Sweep();
        var dpo = sweeper.Only(DeadlineKind.Dpo, "at-due");

        clock.Advance(TimeSpan.FromMinutes(5));
        sweeper.Record(new DpoNotified(sweeper.Incident.Id, clock.GetUtcNow(), "e-mail", "x", "x", clock.GetUtcNow(), "dpo"));
        var resolved = Assert.IsType<EscalationResolved>(Assert.Single(sweeper.Sweep()));

        Assert.Equal((dpo.Id, DeadlineKind.Dpo, ClockStop.Met, clock.GetUtcNow()), (resolved.EscalationId, resolved.Deadline, resolved.Reason, resolved.ResolvedAt));
        Assert.Equal(EscalationStatus.Resolved, sweeper.Only(DeadlineKind.Dpo, "at-due").Status);
        Assert.Equal(EscalationStatus.Open, sweeper.Only(DeadlineKind.Regulator, "at-due").Status);
        // Only the regulator's repeats are left to wake for: 72 h due, 192 h now, every 6 h: the next at 198 h.
        Assert.Equal(new WakeUp(Occurred.AddHours(198), 4), sweeper.Next);

        sweeper.Record(new IncidentClosed(sweeper.Incident.Id, "o", "l", clock.GetUtcNow(), "dpo"));
        var closed = Assert.IsType<EscalationResolved>(Assert.Single(sweeper.Sweep()));
        Assert.Equal((DeadlineKind.Regulator, ClockStop.IncidentClosed), (closed.Deadline, closed.Reason));
        Assert.Null(sweeper.Next); // nothing runs: no wake-up row
        Assert.Throws<IncidentConflictException>(() => AcknowledgeEscalation.Decide(sweeper.Log, dpo.Id, "oncall", clock.GetUtcNow()));
    }

    [Fact]
    public void No_risk_resolves_the_regulator_escalations_as_not_required()
    {
        var clock = new FakeTimeProvider(Occurred.AddHours(30));
        var sweeper = new Sweeper(Reported(Occurred, clock.GetUtcNow()), clock);
        sweeper.Sweep(); // DPO at-due and regulator due-in-48h
        sweeper.Record(new RiskAssessed(sweeper.Incident.Id, RiskLevel.None, "x", clock.GetUtcNow(), "dpo"));

        var resolved = Assert.IsType<EscalationResolved>(Assert.Single(sweeper.Sweep()));
        Assert.Equal((DeadlineKind.Regulator, ClockStop.NotRequired), (resolved.Deadline, resolved.Reason));
    }

    [Fact]
    public void An_acknowledged_escalation_does_not_repeat_and_an_acknowledgement_is_taken_once()
    {
        var clock = new FakeTimeProvider(Occurred.AddHours(6));
        var sweeper = new Sweeper(Reported(Occurred, Occurred.AddMinutes(5)), clock);
        sweeper.Sweep();
        var atDue = sweeper.Only(DeadlineKind.Dpo, "at-due");
        Assert.Equal(new WakeUp(Occurred.AddHours(7), 4), sweeper.Next);

        var ack = AcknowledgeEscalation.Decide(sweeper.Log, atDue.Id, "oncall", clock.GetUtcNow());
        var acknowledged = IncidentEscalations.Evolve(sweeper.Log, ack);
        Assert.Throws<IncidentConflictException>(() => AcknowledgeEscalation.Decide(acknowledged, atDue.Id, "oncall", clock.GetUtcNow()));

        var decision = EscalationSweep.Decide(sweeper.Incident, acknowledged, Policy, Occurred.AddHours(7));
        Assert.Empty(decision.Events);
        Assert.Equal(new WakeUp(Occurred.AddDays(1), 1), decision.Next); // the regulator's due-in-48h, not a repeat
    }

    [Fact]
    public void After_downtime_one_repeat_is_raised_for_the_latest_time_passed_not_a_burst()
    {
        var clock = new FakeTimeProvider(Occurred.AddHours(6));
        var sweeper = new Sweeper(Reported(Occurred, Occurred.AddMinutes(5)), clock);
        sweeper.Sweep();

        clock.SetUtcNow(Occurred.AddHours(10.5)); // repeats 1 to 4 were due at 15:00 to 18:00
        var repeat = Assert.IsType<EscalationRepeated>(Assert.Single(sweeper.Sweep(), e => e is EscalationRepeated));
        Assert.Equal(4, repeat.Repeat);
        Assert.Equal(Occurred.AddHours(11), sweeper.Next!.At);
    }

    [Fact]
    public void A_deadline_moved_earlier_fires_the_most_severe_passed_checkpoint_of_the_new_due_time()
    {
        var clock = new FakeTimeProvider(Occurred.AddMinutes(10));
        var sweeper = new Sweeper(Reported(Occurred, clock.GetUtcNow()), clock);
        sweeper.Sweep();

        clock.SetUtcNow(Occurred.AddHours(1));
        sweeper.Record(new OccurrenceTimeRevised(sweeper.Incident.Id, Occurred, Occurred.AddHours(-4.5), false, "x", clock.GetUtcNow(), "r"));
        var raised = Assert.IsType<EscalationRaised>(Assert.Single(sweeper.Sweep()));

        // New due 09:30, now 09:00: due-in-3h (06:30) and due-in-1h (08:30) passed; "reported" fired already.
        Assert.Equal(("due-in-1h", 2, Occurred.AddHours(1.5)), (raised.Checkpoint, raised.Level, raised.DueAt));
        Assert.Equal(new WakeUp(Occurred.AddHours(1.5), 3), sweeper.Next);
    }
}
