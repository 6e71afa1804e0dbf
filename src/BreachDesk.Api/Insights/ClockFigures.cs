using BreachDesk.Deadlines;
using BreachDesk.Infrastructure;

namespace BreachDesk.Insights;

/// <summary>
/// One clock's figures over a period: how long from awareness (<c>discoveredAt</c>) to the act that stops it, as the
/// median and the 90th percentile, and the share of decided clocks that were met in time.
/// </summary>
/// <param name="Median">ISO-8601, whole seconds; null when no clock of the period was met.</param>
/// <param name="OnTimeRate">
/// <c>met / (met + metLate + missed)</c>, from 0 to 1: only decided clocks count. A clock still <c>pending</c> (running,
/// not yet due) has no outcome yet; a <c>notRequired</c> one (the DPO assessed no risk) had no duty. Null when none is decided.
/// </param>
/// <param name="Measured">How many durations the median and p90 are of (the clocks met, in time or late).</param>
public sealed record ClockFigures(
    string? Median, string? P90, double? OnTimeRate, int Measured,
    int Met, int MetLate, int Missed, int Pending, int NotRequired, int OverdueNow);

/// <summary>Collects one clock's outcomes, a fact at a time; statuses come from <see cref="DeadlineRules.Evaluate"/>.</summary>
public sealed class ClockTally(DateTimeOffset now)
{
    private readonly List<double> _seconds = [];
    private readonly Dictionary<DeadlineStatus, int> _statuses = [];

    public void Add(DateTimeOffset awareAt, DateTimeOffset dueAt, DateTimeOffset? metAt, bool required)
    {
        var status = DeadlineRules.Evaluate(dueAt, metAt, required, now);
        _statuses[status] = Count(status) + 1;
        if (metAt is { } met) _seconds.Add((met - awareAt).TotalSeconds);
    }

    public int Count(DeadlineStatus status) => _statuses.GetValueOrDefault(status);

    public ClockFigures Figures(int overdueNow)
    {
        _seconds.Sort();
        int met = Count(DeadlineStatus.Met), late = Count(DeadlineStatus.MetLate), missed = Count(DeadlineStatus.Missed);
        var decided = met + late + missed;
        return new ClockFigures(
            Format(Percentile(_seconds, 0.5)), Format(Percentile(_seconds, 0.9)),
            decided == 0 ? null : Math.Round((double)met / decided, 4), _seconds.Count,
            met, late, missed, Count(DeadlineStatus.Pending), Count(DeadlineStatus.NotRequired), overdueNow);
    }

    /// <summary>
    /// As PostgreSQL's <c>percentile_cont</c>: the value at rank <c>p × (n − 1)</c> of the sorted values, interpolated
    /// linearly between its neighbours (so the median of 2 h and 10 h is 6 h).
    /// </summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return null;
        var rank = p * (sorted.Count - 1);
        var below = (int)Math.Floor(rank);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
    }

    private static string? Format(double? seconds) => seconds is { } s ? IsoDuration.Format(TimeSpan.FromSeconds(Math.Round(s))) : null;
}
