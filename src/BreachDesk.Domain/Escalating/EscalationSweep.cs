using BreachDesk.Assessing;
using BreachDesk.Incidents;

namespace BreachDesk.Escalating;

/// <summary>When the sweeper should look at an incident again, and how urgent that is (the level of what falls due then).</summary>
public sealed record WakeUp(DateTimeOffset At, int Priority);

/// <summary>What one sweep of an incident decided: the escalation events to append, and the next wake-up (none: nothing left to watch).</summary>
public sealed record SweepDecision(IReadOnlyList<object> Events, WakeUp? Next);

/// <summary>
/// The one escalation decision, pure: the incident as people left it, its escalation log, the policy and the time in;
/// the escalations to raise, repeat or resolve and the next wake-up over all its clocks out. The sweeper calls it
/// whenever an incident's wake-up falls due or a fact may have moved a clock, so calling it early or twice is harmless:
/// it acts only on what is due and not yet done.
/// </summary>
public static class EscalationSweep
{
    private static readonly DeadlineKind[] Clocks = [DeadlineKind.Dpo, DeadlineKind.Regulator];

    public static SweepDecision Decide(Incident? incident, IncidentEscalations? log, EscalationPolicy policy, DateTimeOffset now)
    {
        if (incident is null) return new SweepDecision([], null);
        log ??= IncidentEscalations.Empty(incident.Id);
        var events = new List<object>();
        var wakeUps = new List<WakeUp>();

        foreach (var clock in Clocks)
        {
            var ofClock = log.Escalations.Values.Where(e => e.Deadline == clock).ToList();
            if (incident.IsRunning(clock))
                DecideRunning(incident, log, ofClock, clock, policy.For(clock), now, events, wakeUps);
            else
                events.AddRange(ofClock.Where(e => e.Status != EscalationStatus.Resolved)
                    .Select(e => new EscalationResolved(incident.Id, e.Id, clock, WhyStopped(incident, clock), now)));
        }

        if (wakeUps.Count == 0) return new SweepDecision(events, null);
        var next = wakeUps.Min(w => w.At);
        return new SweepDecision(events, new WakeUp(next, wakeUps.Where(w => w.At == next).Max(w => w.Priority)));
    }

    /// <remarks>
    /// A checkpoint is done once an escalation of its clock and due time was raised at or after its time: every
    /// checkpoint that had passed by then was weighed in that decision. Of several passed checkpoints (a late report,
    /// a deadline moved earlier, a sweep after downtime) the most severe fires, at once; the milder ones are superseded,
    /// and an on-call engineer paged four times in a second learns nothing from the other three. The report-time
    /// checkpoint fires once per clock and incident, and is superseded by any escalation of that clock.
    /// </remarks>
    private static void DecideRunning(
        Incident incident, IncidentEscalations log, List<EscalationState> ofClock, DeadlineKind clock,
        DeadlineEscalationPolicy rules, DateTimeOffset now, List<object> events, List<WakeUp> wakeUps)
    {
        var due = incident.DueAt(clock);
        var coveredUntil = ofClock.Where(e => e.DueAt == due).Select(e => (DateTimeOffset?)e.RaisedAt).Max();
        var pending = rules.Checkpoints
            .Select(rule => new EscalationCheckpoint(clock, rule.Name, due, rule.AtReport ? incident.ReportedAt : due - rule.BeforeDue!.Value,
                rule.Level, AtReport: rule.AtReport))
            .Where(c => c.AtReport ? ofClock.Count == 0 : coveredUntil is null || c.At > coveredUntil)
            .Where(c => !log.FiredCheckpoints.Contains(c.Key))
            .ToList();

        var repeating = ofClock.Where(e => e.Checkpoint == EscalationPolicy.AtDue && e.DueAt == due && e.Status == EscalationStatus.Open).ToList();
        if (pending.Where(c => c.At <= now).MaxBy(c => (c.Level, c.At)) is { } fire)
        {
            var raised = new EscalationRaised(incident.Id, EscalationIds.For(incident.Id, fire.Key), incident.Reference, clock,
                fire.Checkpoint, due, fire.Level, fire.Key, now);
            events.Add(raised);
            if (fire.Checkpoint == EscalationPolicy.AtDue)
                repeating.Add(new EscalationState(raised.EscalationId, raised.Key, clock, fire.Checkpoint, due, fire.Level, now, now, 0, EscalationStatus.Open));
        }
        if (pending.Where(c => c.At > now).MinBy(c => (c.At, -c.Level)) is { } ahead)
            wakeUps.Add(new WakeUp(ahead.At, ahead.Level));

        if (rules.RepeatOverdueEvery <= TimeSpan.Zero) return;
        foreach (var escalation in repeating)
        {
            var next = NextRepeat(escalation, rules.RepeatOverdueEvery);
            if (next <= now)
            {
                // After downtime, one repeat for the latest time passed, not a burst of the missed ones.
                var repeat = RepeatsBy(escalation.DueAt, now, rules.RepeatOverdueEvery);
                var key = new EscalationCheckpoint(clock, EscalationPolicy.AtDue, due, now, rules.OverdueLevel, repeat).Key;
                if (!log.FiredCheckpoints.Contains(key))
                    events.Add(new EscalationRepeated(incident.Id, escalation.Id, repeat, rules.OverdueLevel, key, now));
                next = escalation.DueAt + rules.RepeatOverdueEvery * (repeat + 1);
            }
            wakeUps.Add(new WakeUp(next, rules.OverdueLevel));
        }
    }

    /// <summary>Repeats fall every <paramref name="every"/> after the due time; the next is the first after the last one raised.</summary>
    private static DateTimeOffset NextRepeat(EscalationState escalation, TimeSpan every)
    {
        var done = Math.Max(escalation.Repeats, RepeatsBy(escalation.DueAt, escalation.LastRaisedAt, every));
        return escalation.DueAt + every * (done + 1);
    }

    private static int RepeatsBy(DateTimeOffset due, DateTimeOffset at, TimeSpan every) =>
        at <= due ? 0 : (int)Math.Min(int.MaxValue, (at - due).Ticks / every.Ticks);

    private static ClockStop WhyStopped(Incident incident, DeadlineKind clock) => incident switch
    {
        { Status: IncidentStatus.Closed } => ClockStop.IncidentClosed,
        _ when clock == DeadlineKind.Regulator && incident.RegulatorNotifiedAt is null && incident.Risk == RiskLevel.None => ClockStop.NotRequired,
        _ => ClockStop.Met,
    };
}
