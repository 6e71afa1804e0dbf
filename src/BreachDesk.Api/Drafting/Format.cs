using System.Globalization;

namespace BreachDesk.Drafting;

/// <summary>How drafts write times and numbers: UTC, unambiguous, the same on every machine.</summary>
internal static class Format
{
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("d MMMM yyyy 'at' HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset t) => t.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    public static string? Count(int? n) => n?.ToString("N0", CultureInfo.InvariantCulture);

    public static string Hours(TimeSpan span) => span.TotalHours == 1 ? "1 hour" : $"{span.TotalHours.ToString(CultureInfo.InvariantCulture)} hours";
}
