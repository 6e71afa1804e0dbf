using BreachDesk.Assessing;
using BreachDesk.Deadlines;
using BreachDesk.Incidents;

namespace BreachDesk.Incidents;

/// <summary>The incident as API.md defines it, plus the record of every notification. Statuses are evaluated against <c>now</c>.</summary>
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
    ImpactAssessment? Impact,
    SuggestedRisk? SuggestedRisk,
    RiskView? Risk,
    IReadOnlyList<DpoNoticeView> DpoNotices,
    IReadOnlyList<ContainmentView> Containment,
    RegulatorNotificationView? RegulatorNotification,
    IReadOnlyList<RegulatorFollowUpView> RegulatorFollowUps,
    IReadOnlyList<DataSubjectNotificationView> DataSubjectNotifications,
    IReadOnlyList<ThirdPartyNotificationView> ThirdPartyNotifications,
    ClosureView? Closure,
    string? Owner,
    IReadOnlyList<CaseTaskResponse> Tasks,
    long Version)
{
    public static IncidentResponse From(IncidentView view, DateTimeOffset now) => new(
        view.Id, view.Reference, view.Title, view.Description, view.Status,
        view.OccurredAt, view.OccurredAtIsEstimate, view.DiscoveredAt, view.ReportedAt,
        view.Source, view.Systems, view.ReportedBy,
        DeadlinesResponse.From(view, now),
        view.Impact, view.SuggestedRisk, view.Risk,
        view.DpoNotices, view.Containment, view.RegulatorNotification, view.RegulatorFollowUps,
        view.DataSubjectNotifications, view.ThirdPartyNotifications, view.Closure,
        view.Owner, view.Tasks.Select(task => CaseTaskResponse.From(task, now)).ToList(),
        view.Version);
}

/// <summary>A task as people read it: <c>Overdue</c> is evaluated at the time of reading (open, and past its due time).</summary>
public sealed record CaseTaskResponse(
    int Id, string Title, string? Assignee, DateTimeOffset? DueAt, CaseTaskStatus Status, bool Overdue,
    DateTimeOffset AddedAt, string AddedBy, DateTimeOffset? DoneAt, string? DoneBy, string? Note)
{
    public static CaseTaskResponse From(CaseTaskView t, DateTimeOffset now) => new(
        t.Id, t.Title, t.Assignee, t.DueAt, t.Status, t.Status == CaseTaskStatus.Open && t.DueAt < now,
        t.AddedAt, t.AddedBy, t.DoneAt, t.DoneBy, t.Note);
}

public sealed record DeadlinesResponse(DpoDeadlineResponse Dpo, RegulatorDeadlineResponse Regulator)
{
    public static DeadlinesResponse From(IncidentView view, DateTimeOffset now) => new(
        new DpoDeadlineResponse(view.DpoDueAt, view.DpoBasis, DpoStatus(view, now), view.DpoMetAt),
        new RegulatorDeadlineResponse(view.RegulatorDueAt, view.RegulatorStatutoryDueAt, view.RegulatorBasis,
            RegulatorStatus(view, now), view.RegulatorMetAt));

    public static DeadlineStatus DpoStatus(IncidentView view, DateTimeOffset now) =>
        DeadlineRules.Evaluate(view.DpoDueAt, view.DpoMetAt, required: true, now);

    public static DeadlineStatus RegulatorStatus(IncidentView view, DateTimeOffset now) =>
        DeadlineRules.Evaluate(view.RegulatorDueAt, view.RegulatorMetAt, view.RegulatorRequired, now);
}

public sealed record DpoDeadlineResponse(DateTimeOffset DueAt, DeadlineBasis Basis, DeadlineStatus Status, DateTimeOffset? MetAt);

public sealed record RegulatorDeadlineResponse(
    DateTimeOffset DueAt, DateTimeOffset StatutoryDueAt, DeadlineBasis Basis, DeadlineStatus Status, DateTimeOffset? MetAt);
