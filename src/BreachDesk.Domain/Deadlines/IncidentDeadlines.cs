namespace BreachDesk.Deadlines;

/// <summary>What a deadline is counted from: the breach itself when its time is known, else its discovery.</summary>
public enum DeadlineBasis { Occurrence, Discovery }

/// <summary>
/// <c>Missed</c> is never stored: it is what <c>Pending</c> becomes once the due time has passed,
/// so it is evaluated against the clock whenever a deadline is read.
/// </summary>
public enum DeadlineStatus { Pending, Met, MetLate, Missed, NotRequired }

public sealed record DpoDeadline(DateTimeOffset DueAt, DeadlineBasis Basis);

/// <summary>
/// <c>DueAt</c> is the organisation's own target (from occurrence); <c>StatutoryDueAt</c> is the legal one,
/// counted from when the organisation became aware of the breach (Art. 33(1)).
/// </summary>
public sealed record RegulatorDeadline(DateTimeOffset DueAt, DateTimeOffset StatutoryDueAt, DeadlineBasis Basis);

public sealed record IncidentDeadlines(DpoDeadline Dpo, RegulatorDeadline Regulator);
