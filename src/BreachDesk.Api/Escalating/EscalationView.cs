using System.Text.Json.Serialization;
using BreachDesk.Storage;
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

public partial class EscalationViewProjection : MultiStreamProjection<EscalationView, Guid>
{
    public EscalationViewProjection()
    {
        Identity<EscalationRaised>(e => e.EscalationId);
        Identity<EscalationRepeated>(e => e.EscalationId);
        Identity<EscalationAcknowledged>(e => e.EscalationId);
        Identity<EscalationResolved>(e => e.EscalationId);
    }

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
