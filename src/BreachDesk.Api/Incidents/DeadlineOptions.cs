using BreachDesk.Deadlines;
using BreachDesk.Infrastructure;

namespace BreachDesk.Incidents;

/// <summary>
/// <c>BreachDesk:Deadlines</c>: the organisation's own windows, as ISO-8601 durations. The statutory 72 hours
/// to the regulator from awareness is the law (UK GDPR Art. 33(1)), not a setting.
/// </summary>
public sealed class DeadlineOptions
{
    public string DpoNoticeWithin { get; set; } = "PT6H";
    public string RegulatorNoticeWithin { get; set; } = "PT72H";

    public DeadlinePolicy ToPolicy() => new(
        Parse(nameof(DpoNoticeWithin), DpoNoticeWithin),
        Parse(nameof(RegulatorNoticeWithin), RegulatorNoticeWithin),
        DeadlinePolicy.Default.StatutoryRegulatorNoticeWithin);

    private static TimeSpan Parse(string key, string value)
    {
        if (IsoDuration.TryParse(value, out var span) && span > TimeSpan.Zero) return span;
        throw new InvalidOperationException($"BreachDesk:Deadlines:{key} must be a positive ISO-8601 duration such as PT6H, not '{value}'.");
    }
}
