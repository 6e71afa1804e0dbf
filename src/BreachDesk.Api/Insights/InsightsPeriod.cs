using System.Globalization;
using BreachDesk.Validation;

namespace BreachDesk.Insights;

/// <summary>How the period is cut into bars: calendar months (default), calendar quarters or ISO weeks (Monday first).</summary>
public enum InsightsBucket { Month, Quarter, Week }

/// <summary>
/// A period of whole UTC days, <see cref="From"/> to <see cref="To"/> both included, and the buckets that cut it.
/// </summary>
public sealed record InsightsPeriod(DateOnly From, DateOnly To, InsightsBucket Bucket)
{
    /// <summary>Ten years of weeks is 522 bars: enough for any chart, small enough to answer quickly.</summary>
    public const int MaxDays = 3660;

    public DateTimeOffset Start => new(From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The first instant after the period (the day after <see cref="To"/>, at midnight UTC).</summary>
    public DateTimeOffset End => new(To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>
    /// From the query: dates as <c>yyyy-MM-dd</c>; by default the last twelve calendar months, this one included
    /// (from the first of the month eleven months ago to today), so that every month bar is a whole month but the last.
    /// </summary>
    public static InsightsPeriod? Parse(ValidationErrors errors, string? from, string? to, string? bucket, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var end = ParseDate(errors, "to", to) ?? today;
        var start = ParseDate(errors, "from", from) ?? new DateOnly(end.Year, end.Month, 1).AddMonths(-11);
        InsightsBucket? cut = bucket?.ToLowerInvariant() switch
        {
            null or "month" => InsightsBucket.Month,
            "quarter" => InsightsBucket.Quarter,
            "week" => InsightsBucket.Week,
            _ => null,
        };
        if (cut is null) errors.Add("bucket", "'bucket' must be month, quarter or week.");
        if (!errors.IsEmpty) return null;
        if (start > end) errors.Add("from", "'from' must not be after 'to'.");
        else if (end.DayNumber - start.DayNumber + 1 > MaxDays) errors.Add("to", $"The period may span at most {MaxDays} days.");
        return errors.IsEmpty ? new InsightsPeriod(start, end, cut!.Value) : null;
    }

    private static DateOnly? ParseDate(ValidationErrors errors, string field, string? text)
    {
        if (text is null) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && date.Year is >= 2000 and <= 9998)
            return date;
        errors.Add(field, $"'{field}' must be a date such as 2026-01-31 (a UTC day).");
        return null;
    }

    /// <summary>The buckets that meet the period, in order; the first and last may stick out of it (their counts do not).</summary>
    public IReadOnlyList<(string Label, DateOnly Start)> Buckets()
    {
        var list = new List<(string, DateOnly)>();
        for (var b = BucketStart(From); b <= To; b = Next(b)) list.Add((Label(b), b));
        return list;
    }

    public DateOnly BucketStart(DateOnly day) => Bucket switch
    {
        InsightsBucket.Month => new DateOnly(day.Year, day.Month, 1),
        InsightsBucket.Quarter => new DateOnly(day.Year, (day.Month - 1) / 3 * 3 + 1, 1),
        _ => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
    };

    private DateOnly Next(DateOnly start) => Bucket switch
    {
        InsightsBucket.Month => start.AddMonths(1),
        InsightsBucket.Quarter => start.AddMonths(3),
        _ => start.AddDays(7),
    };

    private string Label(DateOnly start) => Bucket switch
    {
        InsightsBucket.Month => start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        InsightsBucket.Quarter => $"{start.Year}-Q{(start.Month - 1) / 3 + 1}",
        _ => $"{ISOWeek.GetYear(start.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(start.ToDateTime(TimeOnly.MinValue)):00}",
    };
}
