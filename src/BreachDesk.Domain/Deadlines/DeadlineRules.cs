using BreachDesk.Incidents;

namespace BreachDesk.Deadlines;

/// <summary>
/// The one place where deadlines are computed: facts and a policy in, due times and statuses out.
/// Used by the incident projection and (later) by the escalation scheduler, so both always agree.
/// </summary>
/// <remarks>
/// A deadline is an elapsed time, not a wall-clock time: adding hours to an instant with an offset is
/// unaffected by daylight-saving changes, and results are normalised to UTC.
/// </remarks>
public static class DeadlineRules
{
    public static IncidentDeadlines Compute(DateTimeOffset discoveredAt, DateTimeOffset? occurredAt, DeadlinePolicy policy)
    {
        var (start, basis) = occurredAt is { } occurred
            ? (occurred, DeadlineBasis.Occurrence)
            : (discoveredAt, DeadlineBasis.Discovery);

        return new IncidentDeadlines(
            new DpoDeadline((start + policy.DpoNoticeWithin).ToUniversalTime(), basis),
            new RegulatorDeadline(
                (start + policy.RegulatorNoticeWithin).ToUniversalTime(),
                (discoveredAt + policy.StatutoryRegulatorNoticeWithin).ToUniversalTime(),
                basis));
    }

    /// <summary>
    /// A clock runs while the incident is open and the act that stops it has not happened (nor been made unnecessary).
    /// The one statement of the rule: the write model's escalations and the deadline board's rows both ask it.
    /// </summary>
    /// <param name="metAt">When the act that stops the clock happened, if it did.</param>
    /// <param name="required">False when the clock no longer applies (the DPO assessed no risk).</param>
    public static bool IsRunning(IncidentStatus status, DateTimeOffset? metAt, bool required) =>
        status == IncidentStatus.Open && metAt is null && required;

    /// <param name="dueAt">When the deadline falls.</param>
    /// <param name="metAt">When the action that meets it was taken, if it was.</param>
    /// <param name="required">False when the deadline no longer applies (the DPO assessed no risk).</param>
    /// <param name="now">The reader's current time.</param>
    public static DeadlineStatus Evaluate(DateTimeOffset dueAt, DateTimeOffset? metAt, bool required, DateTimeOffset now) =>
        (required, metAt) switch
        {
            (false, null) => DeadlineStatus.NotRequired,
            (_, { } met) when met <= dueAt => DeadlineStatus.Met,
            (_, { }) => DeadlineStatus.MetLate,
            _ when now > dueAt => DeadlineStatus.Missed,
            _ => DeadlineStatus.Pending,
        };
}
