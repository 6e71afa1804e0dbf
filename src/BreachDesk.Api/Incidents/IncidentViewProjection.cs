using System.Reflection;
using BreachDesk.Assessing;
using BreachDesk.Incidents;
using Marten.Events.Aggregation;

namespace BreachDesk.Incidents;

/// <summary>Builds <see cref="IncidentView"/> from an incident's events (Marten conventions: Create, Apply).</summary>
public partial class IncidentViewProjection : SingleStreamProjection<IncidentView, Guid>
{
    private static readonly IncidentViewProjection InMemory = new();

    /// <summary>This projection's Apply methods by event type (all of the form <c>void Apply(TEvent, IncidentView)</c>).</summary>
    private static readonly Dictionary<Type, MethodInfo> Appliers = typeof(IncidentViewProjection)
        .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        .Where(m => m.Name == "Apply" && m.GetParameters() is [_, { ParameterType: var view }] && view == typeof(IncidentView))
        .ToDictionary(m => m.GetParameters()[0].ParameterType);

    /// <summary>
    /// The view after one more event, made in memory by this projection's own Apply method (what Marten runs inline in
    /// the same transaction), so a command answers without reading the view back. <paramref name="version"/> is the
    /// stream's version after the event, which Marten sets on the stored view. An event the view ignores leaves it as it was.
    /// </summary>
    public static IncidentView After(IncidentView view, object @event, long version)
    {
        if (Appliers.TryGetValue(@event.GetType(), out var apply)) apply.Invoke(InMemory, [@event, view]);
        view.Version = version;
        return view;
    }

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
            // UTC: it is a timestamptz column too (Insights); events stored before inputs were read as UTC may hold another offset.
            DiscoveredAt = e.DiscoveredAt.ToUniversalTime(),
            ReportedAt = e.ReportedAt,
            Source = e.Source,
            Systems = [.. e.Systems],
            ReportedBy = e.ReportedBy,
            Policy = e.Policy,
        };
        return view;
    }

    public void Apply(OccurrenceTimeRevised e, IncidentView view)
    {
        view.OccurredAt = e.OccurredAt;
        view.OccurredAtIsEstimate = e.IsEstimate;
    }

    public void Apply(DpoNotified e, IncidentView view)
    {
        view.DpoNotices.Add(new DpoNoticeView(e.NotifiedAt, e.Channel, e.HowItOccurred, e.LikelyImpact, e.Actor, e.DraftVersion, e.Recipient));
        // The first written notice meets the deadline; a later one cannot make it earlier or later.
        view.DpoMetAt ??= e.NotifiedAt;
    }

    public void Apply(ContainmentActionTaken e, IncidentView view) =>
        view.Containment.Add(new ContainmentView(e.Action, e.TakenAt, e.Actor));

    public void Apply(ImpactAssessed e, IncidentView view)
    {
        view.Impact = e.Impact;
        view.SuggestedRisk = e.SuggestedRisk;
    }

    public void Apply(RiskAssessed e, IncidentView view)
    {
        view.Risk = new RiskView(e.Level, e.Rationale, e.Actor, e.AssessedAt);
        view.RegulatorRequired = e.Level != RiskLevel.None;
    }

    public void Apply(RegulatorNotified e, IncidentView view)
    {
        view.RegulatorNotification = new RegulatorNotificationView(e.SubmittedAt, e.Regulator, e.Reference, e.LateReason, e.Voluntary, e.Actor);
        view.RegulatorMetAt = e.SubmittedAt;
    }

    public void Apply(RegulatorFollowUpSent e, IncidentView view) =>
        view.RegulatorFollowUps.Add(new RegulatorFollowUpView(e.SentAt, e.Information, e.Actor));

    public void Apply(DataSubjectsNotified e, IncidentView view) =>
        view.DataSubjectNotifications.Add(new DataSubjectNotificationView(e.SentAt, e.Channel, e.Recipients, e.WithoutHighRisk, e.Actor));

    public void Apply(ThirdPartyNotified e, IncidentView view) =>
        view.ThirdPartyNotifications.Add(new ThirdPartyNotificationView(e.Party, e.Agreement, e.NotifiedAt, e.Actor));

    public void Apply(IncidentClosed e, IncidentView view)
    {
        view.Status = IncidentStatus.Closed;
        view.Closure = new ClosureView(e.Outcome, e.LessonsLearned, e.ClosedAt, e.Actor);
    }

    public void Apply(IncidentReopened e, IncidentView view)
    {
        view.Status = IncidentStatus.Open;
        view.Closure = null;
    }

    public void Apply(IncidentAssigned e, IncidentView view) => view.Owner = e.Owner;

    // Notes are read from the events by the timeline; only their text is kept here, for search.
    public void Apply(NoteAdded e, IncidentView view)
    {
        view.NotesText = view.NotesText is null ? e.Text : view.NotesText + "\n" + e.Text;
        if (view.SearchText is not null) view.SearchText += "\n" + e.Text;
    }

    public void Apply(EvidenceAdded e, IncidentView view) =>
        view.Evidence.Add(new EvidenceView(e.EvidenceId, e.FileName, e.ContentType, e.Size, e.Sha256, e.Description, e.UploadedAt, e.Actor));

    public void Apply(CaseTaskAdded e, IncidentView view) =>
        view.Tasks.Add(new CaseTaskView(e.TaskNumber, e.Title, e.Assignee, e.DueAt, CaseTaskStatus.Open, e.AddedAt, e.Actor, null, null, null));

    public void Apply(CaseTaskCompleted e, IncidentView view) => Finish(view, e.TaskNumber, CaseTaskStatus.Done, e.DoneAt, e.Actor, e.Note);

    public void Apply(CaseTaskCancelled e, IncidentView view) => Finish(view, e.TaskNumber, CaseTaskStatus.Cancelled, e.CancelledAt, e.Actor, e.Note);

    private static void Finish(IncidentView view, int number, CaseTaskStatus status, DateTimeOffset at, string actor, string? note)
    {
        var index = view.Tasks.FindIndex(t => t.Id == number);
        if (index >= 0) view.Tasks[index] = view.Tasks[index] with { Status = status, DoneAt = at, DoneBy = actor, Note = note };
    }
}
