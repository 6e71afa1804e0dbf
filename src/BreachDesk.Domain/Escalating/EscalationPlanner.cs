using BreachDesk.Incidents;

namespace BreachDesk.Escalating;

/// <summary>
/// Pure planning: which checkpoints an incident's running clocks need, and when. Used whenever a deadline is set
/// or moves (report, revised occurrence, risk reassessed, reopened); already-fired checkpoints are left out.
/// </summary>
public static class EscalationPlanner
{
    /// <remarks>
    /// Checkpoints still ahead are planned at their time. Of those already behind (an incident reported late, or
    /// a deadline moved earlier), only the most recent fires, at once: the earlier, milder ones are superseded,
    /// and an on-call engineer paged four times in a second learns nothing from the other three.
    /// </remarks>
    public static IReadOnlyList<EscalationCheckpoint> Plan(Incident incident, EscalationPolicy policy, DateTimeOffset now)
    {
        var planned = new List<EscalationCheckpoint>();
        foreach (var kind in new[] { DeadlineKind.Dpo, DeadlineKind.Regulator })
        {
            if (!incident.IsRunning(kind)) continue;
            var due = incident.DueAt(kind);
            var all = policy.For(kind).Checkpoints
                .Select(rule => new EscalationCheckpoint(kind, rule.Name, due, rule.AtReport ? incident.ReportedAt : due - rule.BeforeDue!.Value, rule.Level, AtReport: rule.AtReport))
                .Where(c => !incident.FiredCheckpoints.Contains(c.Key))
                .ToList();

            planned.AddRange(all.Where(c => c.At > now));
            var latestPassed = all.Where(c => c.At <= now).MaxBy(c => c.At);
            if (latestPassed is not null) planned.Add(latestPassed with { At = now });
        }
        return planned.OrderBy(c => c.At).ToList();
    }

    /// <summary>
    /// The next repeat of an at-due escalation: every <c>RepeatOverdueEvery</c> after the due time, at the overdue
    /// level. After downtime it skips to the first repeat still ahead rather than replaying the ones missed.
    /// </summary>
    public static EscalationCheckpoint NextRepeat(EscalationCheckpoint fired, EscalationPolicy policy, DateTimeOffset now)
    {
        var rules = policy.For(fired.Deadline);
        var repeat = fired.Repeat + 1;
        while (fired.DueAt + rules.RepeatOverdueEvery * repeat <= now) repeat++;
        return fired with { Repeat = repeat, At = fired.DueAt + rules.RepeatOverdueEvery * repeat, Level = rules.OverdueLevel };
    }
}
