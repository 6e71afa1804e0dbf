using System.Xml;

namespace BreachDesk.Infrastructure;

/// <summary>ISO-8601 durations ("PT6H", "P3D"), as the API and the configuration write them.</summary>
public static class IsoDuration
{
    public static bool TryParse(string? text, out TimeSpan span)
    {
        span = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        try
        {
            span = XmlConvert.ToTimeSpan(text);
            return true;
        }
        // Past TimeSpan's range ("P10675199DT2H48M5.4775808S", "PT99999999999999H") is as unusable as malformed text.
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            return false;
        }
    }

    public static string Format(TimeSpan span) => XmlConvert.ToString(span);
}
