using System.Text.Json.Serialization;
using BreachDesk.Infrastructure.Database;
using BreachDesk.Storage;
using JasperFx.Events;
using JasperFx.Events.Grouping;
using Marten;
using Marten.Events.Projections;

namespace BreachDesk.Escalating;

/// <summary>
/// One escalation as <c>GET /api/escalations</c> lists it. Kept inline with the escalation log's events. What has not
/// happened yet (acknowledged, resolved) is left out of the row rather than stored as null, and read back as null: a
/// report writes one of these rows, each byte of it to the WAL (decisions 0026, 0030).
/// </summary>
[StoredSparsely]
public sealed class EscalationView
{
    public Guid Id { get; set; }
    public Guid IncidentId { get; set; }
    public string Reference { get; set; } = "";
    public DeadlineKind Deadline { get; set; }
    public string Checkpoint { get; set; } = "";
    public DateTimeOffset DueAt { get; set; }
    public int Level { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Repeats { get; set; }
    public DateTimeOffset RaisedAt { get; set; }
    /// <summary>When it was last raised again; null (not stored) until its first repeat, when it was last raised at <see cref="RaisedAt"/>.</summary>
    public DateTimeOffset? LastRaisedAt { get; set; }
    public EscalationStatus Status { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
}

/// <summary>
/// One row per escalation, from its log's events. A report whose first sweep raises escalations makes their rows with
/// <see cref="ForNewLog"/> and inserts them itself, so the grouping leaves a report's events alone (decision 0037).
/// </summary>
public partial class EscalationViewProjection : MultiStreamProjection<EscalationView, Guid>
{
    public EscalationViewProjection()
    {
        // What the four Identity() calls this grouping replaces told the daemon: the events it reads (a custom
        // grouping is added to Identity(), not instead of it, so those calls would still load each escalation).
        IncludeType<EscalationRaised>();
        IncludeType<EscalationRepeated>();
        IncludeType<EscalationAcknowledged>();
        IncludeType<EscalationResolved>();
        CustomGrouping((IQuerySession _, IReadOnlyList<IEvent> events, IEventGrouping<Guid> grouping) =>
        {
            // The report's own save: it inserts what this grouping would make, without Marten's read of rows that cannot exist.
            if (WrittenByCommand.IsActive) return Task.CompletedTask;
            foreach (var e in events)
                if (EscalationOf(e.Data) is { } escalationId) grouping.AddEvent(escalationId, e);
            return Task.CompletedTask;
        });
    }

    private static Guid? EscalationOf(object data) => data switch
    {
        EscalationRaised e => e.EscalationId,
        EscalationRepeated e => e.EscalationId,
        EscalationAcknowledged e => e.EscalationId,
        EscalationResolved e => e.EscalationId,
        _ => null,
    };

    /// <summary>The rows a new escalation log's first events make: one per escalation raised.</summary>
    public static EscalationView[] ForNewLog(IEnumerable<object> events) =>
        events.OfType<EscalationRaised>().Select(Create).ToArray();

    public static EscalationView Create(EscalationRaised e) => new()
    {
        Id = e.EscalationId,
        IncidentId = e.IncidentId,
        Reference = e.Reference,
        Deadline = e.Deadline,
        Checkpoint = e.Checkpoint,
        DueAt = e.DueAt,
        Level = e.Level,
        RaisedAt = e.RaisedAt,
        Status = EscalationStatus.Open,
    };

    public void Apply(EscalationRepeated e, EscalationView view)
    {
        view.Repeats = e.Repeat;
        view.Level = Math.Max(view.Level, e.Level);
        view.LastRaisedAt = e.RepeatedAt;
    }

    /// <remarks>Resolved is final: an acknowledgement that raced the resolution is kept, the status stays resolved.</remarks>
    public void Apply(EscalationAcknowledged e, EscalationView view)
    {
        view.AcknowledgedAt = e.AcknowledgedAt;
        view.AcknowledgedBy = e.Actor;
        if (view.Status == EscalationStatus.Open) view.Status = EscalationStatus.Acknowledged;
    }

    public void Apply(EscalationResolved e, EscalationView view)
    {
        view.Status = EscalationStatus.Resolved;
        view.ResolvedAt = e.ResolvedAt;
    }
}
