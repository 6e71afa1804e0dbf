using BreachDesk.Assessing;
using BreachDesk.Deadlines;
using BreachDesk.Incidents;

namespace BreachDesk.Register;

/// <summary>
/// One breach in the register that Art. 33(5) requires for every breach, reported or not: the facts, its
/// effects, the remedial action taken, and the decisions with their reasons.
/// </summary>
public sealed record RegisterEntry(
    Guid Id,
    string Reference,
    string Title,
    IncidentStatus Status,
    IncidentSource Source,
    DateTimeOffset? OccurredAt,
    DateTimeOffset DiscoveredAt,
    DateTimeOffset ReportedAt,
    string Facts,
    IReadOnlyList<string> Systems,
    RegisterEffects? Effects,
    IReadOnlyList<string> RemedialActions,
    RegisterDecisions Decisions,
    ClosureView? Closure)
{
    public static RegisterEntry From(IncidentView v, DateTimeOffset now) => new(
        v.Id, v.Reference, v.Title, v.Status, v.Source, v.OccurredAt, v.DiscoveredAt, v.ReportedAt,
        v.Description, v.Systems,
        v.Impact is { } i
            ? new RegisterEffects(i.BreachTypes, i.DataCategories, i.ApproxDataSubjects, i.ApproxRecords, i.SubjectGroups,
                i.LikelyConsequences, v.SuggestedRisk?.Level, v.SuggestedRisk?.Score)
            : null,
        v.Containment.Select(c => $"{c.TakenAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC: {c.Action}").ToList(),
        new RegisterDecisions(
            v.Risk,
            DeadlinesResponse.DpoStatus(v, now), v.DpoMetAt,
            DeadlinesResponse.RegulatorStatus(v, now), v.RegulatorNotification,
            // As long: each notice may name up to int.MaxValue people, and two such were an overflow (a 500).
            v.DataSubjectNotifications.Sum(d => (long)d.Recipients),
            v.DataSubjectNotifications.Count == 0 ? null : v.DataSubjectNotifications.Min(d => d.SentAt),
            v.ThirdPartyNotifications.Select(t => t.Party).ToList()),
        v.Closure);
}

public sealed record RegisterEffects(
    IReadOnlyList<BreachType> BreachTypes, IReadOnlyList<DataCategory> DataCategories,
    int? ApproxDataSubjects, int? ApproxRecords, IReadOnlyList<string> SubjectGroups, string? LikelyConsequences,
    RiskLevel? SuggestedRisk, decimal? SuggestedScore);

public sealed record RegisterDecisions(
    RiskView? Risk,
    DeadlineStatus DpoDeadline, DateTimeOffset? DpoNotifiedAt,
    DeadlineStatus RegulatorDeadline, RegulatorNotificationView? Regulator,
    long DataSubjectsNotified, DateTimeOffset? DataSubjectsFirstNotifiedAt,
    IReadOnlyList<string> ThirdPartiesNotified);
