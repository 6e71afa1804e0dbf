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
        catch (FormatException)
        {
            return false;
        }
    }

    public static string Format(TimeSpan span) => XmlConvert.ToString(span);
}
