using BreachDesk.Deadlines;
using BreachDesk.Incidents;

namespace BreachDesk.GettingDetails;

/// <summary>The incident as API.md defines it. Statuses are evaluated against <paramref name="now"/>.</summary>
public sealed record IncidentResponse(
    Guid Id,
    string Reference,
    string Title,
    string Description,
    IncidentStatus Status,
    DateTimeOffset? OccurredAt,
    bool OccurredAtIsEstimate,
    DateTimeOffset DiscoveredAt,
    DateTimeOffset ReportedAt,
    IncidentSource Source,
    IReadOnlyList<string> Systems,
    string ReportedBy,
    DeadlinesResponse Deadlines,
    object? Impact,
    object? SuggestedRisk,
    object? Risk,
    long Version)
{
    public static IncidentResponse From(IncidentView view, DateTimeOffset now) => new(
        view.Id, view.Reference, view.Title, view.Description, view.Status,
        view.OccurredAt, view.OccurredAtIsEstimate, view.DiscoveredAt, view.ReportedAt,
        view.Source, view.Systems, view.ReportedBy,
        DeadlinesResponse.From(view, now),
        Impact: null, SuggestedRisk: null, Risk: null,
        view.Version);
}

public sealed record DeadlinesResponse(DpoDeadlineResponse Dpo, RegulatorDeadlineResponse Regulator)
{
    public static DeadlinesResponse From(IncidentView view, DateTimeOffset now) => new(
        new DpoDeadlineResponse(view.DpoDueAt, view.DpoBasis,
            DeadlineRules.Evaluate(view.DpoDueAt, view.DpoMetAt, required: true, now), view.DpoMetAt),
        new RegulatorDeadlineResponse(view.RegulatorDueAt, view.RegulatorStatutoryDueAt, view.RegulatorBasis,
            DeadlineRules.Evaluate(view.RegulatorDueAt, view.RegulatorMetAt, view.RegulatorRequired, now), view.RegulatorMetAt));
}

public sealed record DpoDeadlineResponse(DateTimeOffset DueAt, DeadlineBasis Basis, DeadlineStatus Status, DateTimeOffset? MetAt);

public sealed record RegulatorDeadlineResponse(
    DateTimeOffset DueAt, DateTimeOffset StatutoryDueAt, DeadlineBasis Basis, DeadlineStatus Status, DateTimeOffset? MetAt);
