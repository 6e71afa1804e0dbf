using System.Text.Json.Serialization;
using BreachDesk.Assessing;
using BreachDesk.Deadlines;
using BreachDesk.Incidents;
using BreachDesk.Storage;

namespace BreachDesk.Incidents;

/// <summary>
/// The incident as people read it, kept by an inline projection (<see cref="IncidentViewProjection"/>): updated
/// in the same transaction as the events, so the response to a command already shows its effect. Deadline due
/// times are computed from the stored facts (discovery, occurrence, the policy recorded with the report) by the one
/// rule, and kept as columns for insights, not in the JSON; statuses depend on the time of reading and are evaluated
/// then. Stored sparsely: what has not happened yet is left out of the row (decision 0030).
/// </summary>
[StoredSparsely]
public sealed partial class IncidentView
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

    // Computed, not stored in the JSON (about 200 bytes of every row): a function of the facts above. Insights read
    // the due times as columns, which Marten fills from these members in the upsert that stores the view.
    [JsonIgnore] public DateTimeOffset DpoDueAt => Deadlines().Dpo.DueAt;
    [JsonIgnore] public DeadlineBasis DpoBasis => Deadlines().Dpo.Basis;
    public DateTimeOffset? DpoMetAt { get; set; }

    [JsonIgnore] public DateTimeOffset RegulatorDueAt => Deadlines().Regulator.DueAt;
    [JsonIgnore] public DateTimeOffset RegulatorStatutoryDueAt => Deadlines().Regulator.StatutoryDueAt;
    [JsonIgnore] public DeadlineBasis RegulatorBasis => Deadlines().Regulator.Basis;
    public DateTimeOffset? RegulatorMetAt { get; set; }
    public bool RegulatorRequired { get; set; } = true;

    public List<DpoNoticeView> DpoNotices { get; set; } = [];
    public List<ContainmentView> Containment { get; set; } = [];
    public ImpactAssessment? Impact { get; set; }
    public SuggestedRisk? SuggestedRisk { get; set; }
    public RiskView? Risk { get; set; }
    public RegulatorNotificationView? RegulatorNotification { get; set; }
    public List<RegulatorFollowUpView> RegulatorFollowUps { get; set; } = [];
    public List<DataSubjectNotificationView> DataSubjectNotifications { get; set; } = [];
    public List<ThirdPartyNotificationView> ThirdPartyNotifications { get; set; } = [];
    public ClosureView? Closure { get; set; }

    /// <summary>Case work: who owns the incident, and its tasks in the order they were added (number = position + 1).</summary>
    public string? Owner { get; set; }
    public List<CaseTaskView> Tasks { get; set; } = [];

    /// <summary>Files kept as evidence, in the order received; their bytes are in Evidence/EvidenceFiles.</summary>
    public List<EvidenceView> Evidence { get; set; } = [];

    /// <summary>
    /// The notes' text, one per line, in the order added: notes are read from the events by the timeline, and kept here
    /// only for their words. What search reads (Searching/IncidentSearchWords) is computed in the database from this
    /// and the view's own reference, title, description and systems, so none of them is stored twice (decision 0030).
    /// Not part of any response.
    /// </summary>
    public string? NotesText { get; set; }

    /// <summary>
    /// Only in views written before decision 0030: every searched field and note, one per line. Such a view's words
    /// are still read from it (and its notes added to it) until the view is rebuilt; a new view never has it.
    /// </summary>
    public string? SearchText { get; set; }

    /// <summary>The stream version, set by Marten; the incident's ETag.</summary>
    public long Version { get; set; }

    private IncidentDeadlines Deadlines() => DeadlineRules.Compute(DiscoveredAt, OccurredAt, Policy);
}

/// <summary>A DPO notice; one BreachDesk e-mailed itself names the draft version sent and the recipient.</summary>
public sealed record DpoNoticeView(
    DateTimeOffset NotifiedAt, string Channel, string HowItOccurred, string LikelyImpact, string RecordedBy,
    int? DraftVersion = null, string? Recipient = null);
public sealed record ContainmentView(string Action, DateTimeOffset TakenAt, string RecordedBy);
public sealed record RiskView(RiskLevel Level, string Rationale, string AssessedBy, DateTimeOffset AssessedAt);
public sealed record RegulatorNotificationView(DateTimeOffset SubmittedAt, string Regulator, string? Reference, string? LateReason, bool Voluntary, string RecordedBy);
public sealed record RegulatorFollowUpView(DateTimeOffset SentAt, string Information, string RecordedBy);
public sealed record DataSubjectNotificationView(DateTimeOffset SentAt, string Channel, int Recipients, bool WithoutHighRisk, string RecordedBy);
public sealed record ThirdPartyNotificationView(string Party, string Agreement, DateTimeOffset NotifiedAt, string RecordedBy);
public sealed record ClosureView(string Outcome, string LessonsLearned, DateTimeOffset ClosedAt, string ClosedBy);
public sealed record CaseTaskView(
    int Id, string Title, string? Assignee, DateTimeOffset? DueAt, CaseTaskStatus Status,
    DateTimeOffset AddedAt, string AddedBy, DateTimeOffset? DoneAt, string? DoneBy, string? Note);
public sealed record EvidenceView(
    Guid Id, string FileName, string ContentType, long Size, string Sha256, string? Description, DateTimeOffset UploadedAt, string UploadedBy);
