using BreachDesk.Deadlines;
using BreachDesk.Incidents;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace BreachDesk.GettingDetails;

/// <summary>
/// The incident as people read it, kept by an inline projection: updated in the same transaction as the
/// events, so the response to a command already shows its effect. Deadline due times are stored (the board
/// sorts on them); their statuses depend on the time of reading and are evaluated then.
/// </summary>
public sealed class IncidentView
{
    public Guid Id { get; set; }
    public string Reference { get; set; } = "";
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public IncidentStatus Status { get; set; }
    public DateTimeOffset? OccurredAt { get; set; }
    public bool OccurredAtIsEstimate { get; set; }
    public DateTimeOffset DiscoveredAt { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
    public IncidentSource Source { get; set; }
    public List<string> Systems { get; set; } = [];
    public string ReportedBy { get; set; } = "";
    public DeadlinePolicy Policy { get; set; } = DeadlinePolicy.Default;

    public DateTimeOffset DpoDueAt { get; set; }
    public DeadlineBasis DpoBasis { get; set; }
    public DateTimeOffset? DpoMetAt { get; set; }

    public DateTimeOffset RegulatorDueAt { get; set; }
    public DateTimeOffset RegulatorStatutoryDueAt { get; set; }
    public DeadlineBasis RegulatorBasis { get; set; }
    public DateTimeOffset? RegulatorMetAt { get; set; }
    public bool RegulatorRequired { get; set; } = true;

    /// <summary>The stream version, set by Marten; the incident's ETag.</summary>
    public long Version { get; set; }

    internal void RecomputeDeadlines()
    {
        var deadlines = DeadlineRules.Compute(DiscoveredAt, OccurredAt, Policy);
        (DpoDueAt, DpoBasis) = (deadlines.Dpo.DueAt, deadlines.Dpo.Basis);
        (RegulatorDueAt, RegulatorStatutoryDueAt, RegulatorBasis) =
            (deadlines.Regulator.DueAt, deadlines.Regulator.StatutoryDueAt, deadlines.Regulator.Basis);
    }
}

public partial class IncidentViewProjection : SingleStreamProjection<IncidentView, Guid>
{
    public static IncidentView Create(IncidentReported e)
    {
        var view = new IncidentView
        {
            Id = e.IncidentId,
            Reference = e.Reference,
            Title = e.Title,
            Description = e.Description,
            Status = IncidentStatus.Open,
            OccurredAt = e.OccurredAt,
            OccurredAtIsEstimate = e.OccurredAtIsEstimate,
            DiscoveredAt = e.DiscoveredAt,
            ReportedAt = e.ReportedAt,
            Source = e.Source,
            Systems = [.. e.Systems],
            ReportedBy = e.ReportedBy,
            Policy = e.Policy,
        };
        view.RecomputeDeadlines();
        return view;
    }

    public void Apply(OccurrenceTimeRevised e, IncidentView view)
    {
        view.OccurredAt = e.OccurredAt;
        view.OccurredAtIsEstimate = e.IsEstimate;
        view.RecomputeDeadlines();
    }
}
