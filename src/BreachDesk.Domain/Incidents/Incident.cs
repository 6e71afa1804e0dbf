using System.Collections.Immutable;
using BreachDesk.Assessing;
using BreachDesk.Deadlines;
using BreachDesk.Escalating;
using BreachDesk.Storage;

namespace BreachDesk.Incidents;

// ---- Events: facts in the past tense, one stream per incident. Each names who recorded it (Actor). ----
// Times named after the act (NotifiedAt, TakenAt...) are when it happened, as the client told us;
// RecordedAt is when BreachDesk learnt it.

public sealed record IncidentReported(
    Guid IncidentId, string Reference, string Title, string Description,
    DateTimeOffset DiscoveredAt, DateTimeOffset? OccurredAt, bool OccurredAtIsEstimate,
    IncidentSource Source, IReadOnlyList<string> Systems, string ReportedBy,
    DateTimeOffset ReportedAt, DeadlinePolicy Policy, string Actor);

public sealed record OccurrenceTimeRevised(
    Guid IncidentId, DateTimeOffset? PreviousOccurredAt, DateTimeOffset OccurredAt, bool IsEstimate,
    string Reason, DateTimeOffset RevisedAt, string Actor);

/// <summary>
/// The policy's written notice to the DPO: what happened, how it occurred, its likely impact. A notice BreachDesk sent
/// itself (<c>POST …/dpo-notice/send</c>) also names the version of the DPO-notice draft that was sent and to whom;
/// a notice given some other way and recorded by hand has neither.
/// </summary>
public sealed record DpoNotified(
    Guid IncidentId, DateTimeOffset NotifiedAt, string Channel, string HowItOccurred, string LikelyImpact,
    DateTimeOffset RecordedAt, string Actor, int? DraftVersion = null, string? Recipient = null);

public sealed record ContainmentActionTaken(
    Guid IncidentId, string Action, DateTimeOffset TakenAt, DateTimeOffset RecordedAt, string Actor);

/// <summary>The facts of the impact, with the severity ENISA's method suggests for them at the time.</summary>
public sealed record ImpactAssessed(
    Guid IncidentId, ImpactAssessment Impact, SuggestedRisk SuggestedRisk, DateTimeOffset AssessedAt, string Actor);

/// <summary>The DPO's decision, which alone decides whether the regulator must be told.</summary>
public sealed record RiskAssessed(
    Guid IncidentId, RiskLevel Level, string Rationale, DateTimeOffset AssessedAt, string Actor);

/// <summary>The initial report to the regulator. Voluntary when the DPO had assessed no risk.</summary>
public sealed record RegulatorNotified(
    Guid IncidentId, DateTimeOffset SubmittedAt, string Regulator, string? Reference, string? LateReason,
    bool Voluntary, DateTimeOffset RecordedAt, string Actor);

/// <summary>Information provided in phases after the initial report (Art. 33(4)).</summary>
public sealed record RegulatorFollowUpSent(
    Guid IncidentId, DateTimeOffset SentAt, string Information, DateTimeOffset RecordedAt, string Actor);

/// <summary>Data subjects told (Art. 34). <c>WithoutHighRisk</c> records that the DPO had not assessed a high risk.</summary>
public sealed record DataSubjectsNotified(
    Guid IncidentId, DateTimeOffset SentAt, string Channel, int Recipients, bool WithoutHighRisk,
    DateTimeOffset RecordedAt, string Actor);

public sealed record ThirdPartyNotified(
    Guid IncidentId, string Party, string Agreement, DateTimeOffset NotifiedAt, DateTimeOffset RecordedAt, string Actor);

public sealed record IncidentClosed(
    Guid IncidentId, string Outcome, string LessonsLearned, DateTimeOffset ClosedAt, string Actor);

public sealed record IncidentReopened(Guid IncidentId, string Reason, DateTimeOffset ReopenedAt, string Actor);

// ---- Case work: who owns the incident, what must be done, what people noted. ----

/// <summary>The incident was given to an owner (a principal's name), who answers for moving it on.</summary>
public sealed record IncidentAssigned(
    Guid IncidentId, string Owner, string? PreviousOwner, string? Note, DateTimeOffset AssignedAt, string Actor);

/// <summary>A piece of work on the incident. <c>TaskNumber</c> counts from 1 within the incident.</summary>
public sealed record CaseTaskAdded(
    Guid IncidentId, int TaskNumber, string Title, string? Assignee, DateTimeOffset? DueAt, DateTimeOffset AddedAt, string Actor);

public sealed record CaseTaskCompleted(Guid IncidentId, int TaskNumber, string? Note, DateTimeOffset DoneAt, string Actor);

public sealed record CaseTaskCancelled(Guid IncidentId, int TaskNumber, string? Note, DateTimeOffset CancelledAt, string Actor);

/// <summary>Something a person wants on the record that is not one of the facts above.</summary>
public sealed record NoteAdded(Guid IncidentId, string Text, DateTimeOffset AddedAt, string Actor);

/// <summary>
/// A file kept as evidence, stored beside the events. <c>Sha256</c> (lower-case hex) is the digest of its bytes as
/// received: a later download whose bytes no longer match it is refused.
/// </summary>
public sealed record EvidenceAdded(
    Guid IncidentId, Guid EvidenceId, string FileName, string ContentType, long Size, string Sha256, string? Description,
    DateTimeOffset UploadedAt, string Actor);

// ---- The write model: only what decisions need. Immutable, so a loaded aggregate is never changed in place. ----
// (Its methods are deliberately not named Apply/Create: Marten folds it through IncidentWriteModel.Evolve, and
// Marten 9 refuses a type that offers both.)

[StoredSparsely] // its snapshot is a document, rewritten by every command: what is unknown is not stored
public sealed record Incident(
    Guid Id,
    IncidentStatus Status,
    DateTimeOffset DiscoveredAt,
    DateTimeOffset? OccurredAt,
    DeadlinePolicy Policy,
    RiskLevel? Risk = null,
    DateTimeOffset? RegulatorNotifiedAt = null,
    string Reference = "",
    DateTimeOffset ReportedAt = default,
    DateTimeOffset? DpoNotifiedAt = null)
{
    /// <summary>Case work: the owner, and each task's state by its number (numbers count from 1).</summary>
    public string? Owner { get; init; }
    public ImmutableDictionary<int, CaseTaskStatus> Tasks { get; init; } = ImmutableDictionary<int, CaseTaskStatus>.Empty;
    public int EvidenceCount { get; init; }

    // Computed from the facts, so not properties: a public property is stored with every snapshot of the incident
    // (Marten serialises it), which is WAL on every command for nothing that is read back.
    private IncidentDeadlines Deadlines() => DeadlineRules.Compute(DiscoveredAt, OccurredAt, Policy);
    public DateTimeOffset StatutoryRegulatorDueAt() => Deadlines().Regulator.StatutoryDueAt;

    /// <summary>Whether the clock of <paramref name="kind"/> runs: <see cref="DeadlineRules.IsRunning"/> on this incident's facts.</summary>
    public bool IsRunning(DeadlineKind kind) => kind == DeadlineKind.Dpo
        ? DeadlineRules.IsRunning(Status, DpoNotifiedAt, required: true)
        : DeadlineRules.IsRunning(Status, RegulatorNotifiedAt, required: Risk != RiskLevel.None);

    public DateTimeOffset DueAt(DeadlineKind kind) => kind == DeadlineKind.Dpo ? Deadlines().Dpo.DueAt : Deadlines().Regulator.DueAt;

    public static Incident From(IncidentReported e) =>
        new(e.IncidentId, IncidentStatus.Open, e.DiscoveredAt, e.OccurredAt, e.Policy, Reference: e.Reference, ReportedAt: e.ReportedAt);

    /// <summary>Folds one event into the state; events that no decision depends on leave it as it is.</summary>
    public static Incident? Evolve(Incident? state, object @event) => (state, @event) switch
    {
        (null, IncidentReported e) => From(e),
        ({ } s, OccurrenceTimeRevised e) => s with { OccurredAt = e.OccurredAt },
        ({ } s, RiskAssessed e) => s with { Risk = e.Level },
        ({ } s, RegulatorNotified e) => s with { RegulatorNotifiedAt = e.SubmittedAt },
        ({ } s, DpoNotified e) => s with { DpoNotifiedAt = s.DpoNotifiedAt ?? e.NotifiedAt },
        ({ } s, IncidentClosed) => s with { Status = IncidentStatus.Closed },
        ({ } s, IncidentReopened) => s with { Status = IncidentStatus.Open },
        ({ } s, IncidentAssigned e) => s with { Owner = e.Owner },
        ({ } s, EvidenceAdded) => s with { EvidenceCount = s.EvidenceCount + 1 },
        ({ } s, CaseTaskAdded e) => s with { Tasks = s.Tasks.SetItem(e.TaskNumber, CaseTaskStatus.Open) },
        ({ } s, CaseTaskCompleted e) => s with { Tasks = s.Tasks.SetItem(e.TaskNumber, CaseTaskStatus.Done) },
        ({ } s, CaseTaskCancelled e) => s with { Tasks = s.Tasks.SetItem(e.TaskNumber, CaseTaskStatus.Cancelled) },
        _ => state,
    };

    /// <summary>Every command but reopening needs an open incident: a closed record is not edited.</summary>
    public void EnsureOpen(string whatWasAttempted)
    {
        if (Status == IncidentStatus.Closed)
            throw new IncidentConflictException($"The incident is closed; reopen it before {whatWasAttempted}.");
    }
}

public enum CaseTaskStatus { Open, Done, Cancelled }
