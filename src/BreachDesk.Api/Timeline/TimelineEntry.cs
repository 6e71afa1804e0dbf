using System.Globalization;
using BreachDesk.Escalating;
using BreachDesk.Incidents;
using JasperFx.Events;

namespace BreachDesk.Timeline;

/// <summary>One event of an incident as a readable line. <c>At</c> is when the fact was recorded.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Kind, string Summary, string Actor, long Version)
{
    public static TimelineEntry? From(IEvent e)
    {
        var line = Describe(e.Data);
        return line is null ? null : new TimelineEntry(line.Value.At, line.Value.Kind, line.Value.Summary, line.Value.Actor, e.Version);
    }

    private static (DateTimeOffset At, string Kind, string Summary, string Actor)? Describe(object data) => data switch
    {
        IncidentReported r => (r.ReportedAt, "incident-reported",
            $"Incident {r.Reference} reported by {r.ReportedBy}: discovered {Time(r.DiscoveredAt)}, " +
            (r.OccurredAt is { } occurred ? $"occurred {(r.OccurredAtIsEstimate ? "about " : "")}{Time(occurred)}." : "occurrence time unknown."),
            r.Actor),
        OccurrenceTimeRevised o => (o.RevisedAt, "occurrence-time-revised",
            $"Occurrence time revised from {(o.PreviousOccurredAt is { } before ? Time(before) : "unknown")} to " +
            $"{(o.IsEstimate ? "about " : "")}{Time(o.OccurredAt)}; deadlines recomputed. Reason: {o.Reason}",
            o.Actor),
        DpoNotified d => (d.RecordedAt, "dpo-notified",
            $"DPO notified in writing at {Time(d.NotifiedAt)} by {d.Channel}" +
            (d.DraftVersion is { } sent ? $": DPO-notice draft version {sent} sent to {d.Recipient}." : "."), d.Actor),
        ContainmentActionTaken c => (c.RecordedAt, "containment-action-taken",
            $"Containment at {Time(c.TakenAt)}: {c.Action}", c.Actor),
        ImpactAssessed i => (i.AssessedAt, "impact-assessed",
            $"Impact assessed: about {Count(i.Impact.ApproxDataSubjects)} people and {Count(i.Impact.ApproxRecords)} records; " +
            $"suggested risk {Kebab(i.SuggestedRisk.Level)} (ENISA score {i.SuggestedRisk.Score.ToString("0.00", CultureInfo.InvariantCulture)}, {Kebab(i.SuggestedRisk.Band)}).",
            i.Actor),
        RiskAssessed r => (r.AssessedAt, "risk-assessed",
            $"DPO assessed the risk as {Kebab(r.Level)}: {r.Rationale}", r.Actor),
        RegulatorNotified r => (r.RecordedAt, "regulator-notified",
            $"{r.Regulator} notified at {Time(r.SubmittedAt)}" + (r.Reference is null ? "" : $" (reference {r.Reference})") +
            (r.Voluntary ? ", voluntarily: the DPO had assessed no risk" : "") +
            (r.LateReason is null ? "." : $". Reason for delay: {r.LateReason}"),
            r.Actor),
        RegulatorFollowUpSent f => (f.RecordedAt, "regulator-follow-up-sent",
            $"Further information sent to the regulator at {Time(f.SentAt)}.", f.Actor),
        DataSubjectsNotified d => (d.RecordedAt, "data-subjects-notified",
            $"{d.Recipients} data subject(s) told at {Time(d.SentAt)} by {d.Channel}" +
            (d.WithoutHighRisk ? ", although the DPO had not assessed a high risk." : "."),
            d.Actor),
        ThirdPartyNotified t => (t.RecordedAt, "third-party-notified",
            $"{t.Party} told at {Time(t.NotifiedAt)} under {t.Agreement}.", t.Actor),
        IncidentClosed c => (c.ClosedAt, "incident-closed", $"Incident closed. Outcome: {c.Outcome}", c.Actor),
        IncidentReopened r => (r.ReopenedAt, "incident-reopened", $"Incident reopened: {r.Reason}", r.Actor),
        IncidentAssigned a => (a.AssignedAt, "incident-assigned",
            $"Assigned to {a.Owner}" + (a.PreviousOwner is null ? "" : $" (was {a.PreviousOwner})") + (a.Note is null ? "." : $": {a.Note}"), a.Actor),
        CaseTaskAdded t => (t.AddedAt, "task-added",
            $"Task {t.TaskNumber} added: {t.Title}" + (t.Assignee is null ? "" : $", for {t.Assignee}") + (t.DueAt is { } due ? $", due {Time(due)}." : "."), t.Actor),
        CaseTaskCompleted t => (t.DoneAt, "task-done", $"Task {t.TaskNumber} done" + (t.Note is null ? "." : $": {t.Note}"), t.Actor),
        CaseTaskCancelled t => (t.CancelledAt, "task-cancelled", $"Task {t.TaskNumber} cancelled" + (t.Note is null ? "." : $": {t.Note}"), t.Actor),
        NoteAdded n => (n.AddedAt, "note-added", n.Text, n.Actor),
        EvidenceAdded f => (f.UploadedAt, "evidence-added",
            $"Evidence added: {f.FileName} ({f.Size:N0} bytes, SHA-256 {f.Sha256})" + (f.Description is null ? "." : $": {f.Description}"), f.Actor),
        EscalationRaised r => (r.RaisedAt, "escalation-raised",
            $"Escalation level {r.Level}: the {Kebab(r.Deadline)} deadline due {Time(r.DueAt)} reached checkpoint {r.Checkpoint}.", "BreachDesk"),
        EscalationRepeated r => (r.RepeatedAt, "escalation-repeated",
            $"Escalation repeated (#{r.Repeat}) at level {r.Level}: the deadline is missed and nobody has acknowledged it.", "BreachDesk"),
        EscalationAcknowledged a => (a.AcknowledgedAt, "escalation-acknowledged", "Escalation acknowledged; its repeats stop.", a.Actor),
        EscalationResolved r => (r.ResolvedAt, "escalation-resolved",
            $"Escalation of the {Kebab(r.Deadline)} deadline resolved: " + r.Reason switch
            {
                ClockStop.Met => "the deadline was met.",
                ClockStop.NotRequired => "the deadline is not required.",
                _ => "the incident was closed.",
            }, "BreachDesk"),
        _ => null,
    };

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
    private static string Count(int? n) => n?.ToString("N0", CultureInfo.InvariantCulture) ?? "an unknown number of";
    private static string Kebab<T>(T value) where T : Enum => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
