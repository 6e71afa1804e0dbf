using System.Globalization;
using BreachDesk.Incidents;
using JasperFx.Events;

namespace BreachDesk.Timeline;

/// <summary>One event of an incident as a readable line. <c>At</c> is when the fact was recorded.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Kind, string Summary, string Actor, long Version)
{
    public static TimelineEntry? From(IEvent e) => e.Data switch
    {
        IncidentReported r => new(r.ReportedAt, "incident-reported",
            $"Incident {r.Reference} reported by {r.ReportedBy}: discovered {Time(r.DiscoveredAt)}, " +
            (r.OccurredAt is { } occurred ? $"occurred {(r.OccurredAtIsEstimate ? "about " : "")}{Time(occurred)}." : "occurrence time unknown."),
            r.Actor, e.Version),
        OccurrenceTimeRevised o => new(o.RevisedAt, "occurrence-time-revised",
            $"Occurrence time revised from {(o.PreviousOccurredAt is { } before ? Time(before) : "unknown")} to " +
            $"{(o.IsEstimate ? "about " : "")}{Time(o.OccurredAt)}; deadlines recomputed. Reason: {o.Reason}",
            o.Actor, e.Version),
        _ => null,
    };

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
