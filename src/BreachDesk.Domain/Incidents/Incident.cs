using BreachDesk.Deadlines;

namespace BreachDesk.Incidents;

// ---- Events: facts in the past tense, one stream per incident. Each names who recorded it and when. ----

public sealed record IncidentReported(
    Guid IncidentId,
    string Reference,
    string Title,
    string Description,
    DateTimeOffset DiscoveredAt,
    DateTimeOffset? OccurredAt,
    bool OccurredAtIsEstimate,
    IncidentSource Source,
    IReadOnlyList<string> Systems,
    string ReportedBy,
    DateTimeOffset ReportedAt,
    DeadlinePolicy Policy,
    string Actor);

public sealed record OccurrenceTimeRevised(
    Guid IncidentId,
    DateTimeOffset? PreviousOccurredAt,
    DateTimeOffset OccurredAt,
    bool IsEstimate,
    string Reason,
    DateTimeOffset RevisedAt,
    string Actor);

// ---- The write model: only what decisions need. Immutable, so a loaded aggregate is never changed in place. ----
// (Its methods are deliberately not named Apply/Create: Marten folds it through IncidentWriteModel.Evolve, and
// Marten 9 refuses a type that offers both.)

public sealed record Incident(
    Guid Id,
    IncidentStatus Status,
    DateTimeOffset DiscoveredAt,
    DateTimeOffset? OccurredAt,
    DeadlinePolicy Policy)
{
    public static Incident From(IncidentReported e) =>
        new(e.IncidentId, IncidentStatus.Open, e.DiscoveredAt, e.OccurredAt, e.Policy);

    public Incident When(OccurrenceTimeRevised e) => this with { OccurredAt = e.OccurredAt };

    /// <summary>Folds one event into the state; unknown events leave it as it is.</summary>
    public static Incident? Evolve(Incident? state, object @event) => (state, @event) switch
    {
        (null, IncidentReported reported) => From(reported),
        ({ } s, OccurrenceTimeRevised e) => s.When(e),
        _ => state,
    };
}
