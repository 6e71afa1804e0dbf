namespace BreachDesk.Escalating;

/// <summary>Which clock a checkpoint watches.</summary>
public enum DeadlineKind { Dpo, Regulator }

/// <summary>
/// A moment at which, if the clock is still running, somebody is alerted. <c>BeforeDue</c> is how long before
/// the due time (zero: at due); <c>AtReport</c> fires when the incident is reported.
/// </summary>
public sealed record CheckpointRule(string Name, int Level, TimeSpan? BeforeDue = null, bool AtReport = false);

/// <summary>
/// The checkpoints of one deadline, and how often the at-due escalation is repeated, at which level, while the
/// deadline stays missed and nobody has acknowledged it.
/// </summary>
public sealed record DeadlineEscalationPolicy(IReadOnlyList<CheckpointRule> Checkpoints, TimeSpan RepeatOverdueEvery, int OverdueLevel);

/// <summary>The escalation policy for both clocks (configuration <c>BreachDesk:Escalation</c>).</summary>
public sealed record EscalationPolicy(DeadlineEscalationPolicy Dpo, DeadlineEscalationPolicy Regulator)
{
    public const string AtDue = "at-due";

    public DeadlineEscalationPolicy For(DeadlineKind kind) => kind == DeadlineKind.Dpo ? Dpo : Regulator;

    /// <summary>
    /// Defaults a DPO would accept: the on-call engineer hears of every incident at once and as the six hours run
    /// down, the DPO joins an hour before, the DPO's deputy at due, an executive once overdue (hourly). The
    /// regulator's 72 hours start gently two days out and end at the same levels, repeating every 6 hours.
    /// Levels: 1 on-call primary; 2 plus secondary; 3 plus the DPO and the DPO's deputy; 4 plus an executive.
    /// </summary>
    public static EscalationPolicy Default { get; } = new(
        new DeadlineEscalationPolicy(
            [
                new("reported", 1, AtReport: true),
                new("due-in-3h", 1, TimeSpan.FromHours(3)),
                new("due-in-1h", 2, TimeSpan.FromHours(1)),
                new(AtDue, 3, TimeSpan.Zero),
            ],
            RepeatOverdueEvery: TimeSpan.FromHours(1), OverdueLevel: 4),
        new DeadlineEscalationPolicy(
            [
                new("due-in-48h", 1, TimeSpan.FromHours(48)),
                new("due-in-24h", 2, TimeSpan.FromHours(24)),
                new("due-in-6h", 2, TimeSpan.FromHours(6)),
                new("due-in-1h", 3, TimeSpan.FromHours(1)),
                new(AtDue, 3, TimeSpan.Zero),
            ],
            RepeatOverdueEvery: TimeSpan.FromHours(6), OverdueLevel: 4));
}
