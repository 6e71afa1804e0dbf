using System.Collections.Immutable;

namespace BreachDesk.Escalating;

// ---- The escalation log: a second stream per incident (id EscalationIds.LogOf(incident)), written by the sweeper
// and by acknowledgements, never by the commands people send to the incident, so neither ever conflicts with the other.

/// <summary>
/// A clock ran short and the people of <c>Level</c> were alerted. <c>Key</c> names the checkpoint it fired for.
/// <c>Paged</c>: the targets that were sent the alert (empty: nobody, no target of the level is configured); the
/// clock's acknowledgement and resolution go to them only (decision 0035). Null in events recorded before 0035, whose
/// follow-ups go to every target as they did then. The sweep decides the event without it; the alert plan, which
/// knows the configuration, fills it in before the event is stored.
/// </summary>
public sealed record EscalationRaised(
    Guid IncidentId, Guid EscalationId, string Reference, DeadlineKind Deadline, string Checkpoint, DateTimeOffset DueAt,
    int Level, string Key, DateTimeOffset RaisedAt, IReadOnlyList<string>? Paged = null);

/// <summary>The at-due escalation raised again, higher up, because the deadline is missed and nobody acknowledged it. <c>Paged</c> as in <see cref="EscalationRaised"/>.</summary>
public sealed record EscalationRepeated(
    Guid IncidentId, Guid EscalationId, int Repeat, int Level, string Key, DateTimeOffset RepeatedAt, IReadOnlyList<string>? Paged = null);

/// <summary>Someone on call took the escalation: its repeats stop (the deadline's next checkpoints do not).</summary>
public sealed record EscalationAcknowledged(Guid IncidentId, Guid EscalationId, DateTimeOffset AcknowledgedAt, string Actor);

/// <summary>Why a clock stopped running.</summary>
public enum ClockStop { Met, NotRequired, IncidentClosed }

/// <summary>The clock the escalation watched stopped: nothing is left to act on, so it can no longer be acknowledged.</summary>
public sealed record EscalationResolved(Guid IncidentId, Guid EscalationId, DeadlineKind Deadline, ClockStop Reason, DateTimeOffset ResolvedAt);

public enum EscalationStatus { Open, Acknowledged, Resolved }

/// <summary>
/// One escalation as decisions need it. <c>LastRaisedAt</c> is the raise or the latest repeat. <c>Paged</c>: every
/// target its raise and repeats were sent to; null when one of them was recorded before decision 0035 (who heard it is
/// not known, so its follow-ups go to every target, as they did then).
/// </summary>
public sealed record EscalationState(
    Guid Id, string Key, DeadlineKind Deadline, string Checkpoint, DateTimeOffset DueAt, int Level,
    DateTimeOffset RaisedAt, DateTimeOffset LastRaisedAt, int Repeats, EscalationStatus Status, ImmutableHashSet<string>? Paged = null);

/// <summary>
/// The write model of an incident's escalation log: its escalations and the checkpoint keys already fired (so a
/// checkpoint fires once). Immutable, like <c>Incident</c>; its methods are not named Apply/Create for the same reason.
/// </summary>
public sealed record IncidentEscalations(Guid Id, Guid IncidentId)
{
    public ImmutableDictionary<Guid, EscalationState> Escalations { get; init; } = ImmutableDictionary<Guid, EscalationState>.Empty;
    public ImmutableHashSet<string> FiredCheckpoints { get; init; } = ImmutableHashSet<string>.Empty;

    public static IncidentEscalations Empty(Guid incidentId) => new(EscalationIds.LogOf(incidentId), incidentId);

    public static IncidentEscalations Evolve(IncidentEscalations? state, object @event) => @event switch
    {
        EscalationRaised e => Raise(state ?? Empty(e.IncidentId), e),
        EscalationRepeated e when state is not null => Update(state, e.EscalationId, x => x with
        {
            Repeats = e.Repeat, Level = Math.Max(x.Level, e.Level), LastRaisedAt = e.RepeatedAt,
            Paged = x.Paged is null || e.Paged is null ? null : x.Paged.Union(e.Paged),
        }) with { FiredCheckpoints = state.FiredCheckpoints.Add(e.Key) },
        // Resolved is final: an acknowledgement that raced a resolution (both are appended without a version check) leaves it resolved.
        EscalationAcknowledged e when state is not null => Update(state, e.EscalationId,
            x => x.Status == EscalationStatus.Open ? x with { Status = EscalationStatus.Acknowledged } : x),
        EscalationResolved e when state is not null => Update(state, e.EscalationId, x => x with { Status = EscalationStatus.Resolved }),
        _ => state!,
    };

    private static IncidentEscalations Raise(IncidentEscalations state, EscalationRaised e) => state with
    {
        Escalations = state.Escalations.SetItem(e.EscalationId, new EscalationState(e.EscalationId, e.Key, e.Deadline, e.Checkpoint,
            e.DueAt, e.Level, e.RaisedAt, e.RaisedAt, 0, EscalationStatus.Open, e.Paged?.ToImmutableHashSet())),
        FiredCheckpoints = state.FiredCheckpoints.Add(e.Key),
    };

    private static IncidentEscalations Update(IncidentEscalations state, Guid id, Func<EscalationState, EscalationState> change) =>
        state.Escalations.TryGetValue(id, out var escalation)
            ? state with { Escalations = state.Escalations.SetItem(id, change(escalation)) }
            : state;
}
