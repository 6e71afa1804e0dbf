using BreachDesk.Assessing;
using BreachDesk.Deadlines;
using BreachDesk.Escalating;
using BreachDesk.Incidents;
using BreachDesk.Storage;

namespace BreachDesk.Board;

/// <summary>
/// The facts of an incident that one of its clocks depends on, and nothing else: what starts and moves it (discovery,
/// occurrence, the policy recorded with the report) and what stops it (closing, the act that meets it, a risk of none).
/// A clock row keeps these instead of the whole folded <see cref="Incident"/> (owner, tasks, evidence and both clocks'
/// deadlines: about 600 bytes of WAL on each of the two rows a report writes, decision 0026). The rule stays the
/// domain's: each event is folded by <see cref="Incident.Evolve"/> on an incident made of these facts alone
/// (<see cref="ToIncident"/>), which then says whether the clock runs and when it is due.
/// </summary>
/// <param name="MetAt">When the act that stops this clock happened: the DPO notice for the DPO clock, the report to the
/// regulator for the regulator's.</param>
/// <param name="Risk">The DPO's assessment; only the regulator's clock depends on it (null on the DPO clock).</param>
/// <remarks>What is not known yet is left out of the row rather than stored as null (read back as null all the same).</remarks>
[StoredSparsely]
public sealed record ClockFacts(
    IncidentStatus Status, DateTimeOffset DiscoveredAt,
    DateTimeOffset? OccurredAt,
    DeadlinePolicy Policy,
    DateTimeOffset? MetAt = null,
    RiskLevel? Risk = null)
{
    public static ClockFacts Of(Incident incident, DeadlineKind kind) => new(
        incident.Status, incident.DiscoveredAt, incident.OccurredAt, incident.Policy,
        kind == DeadlineKind.Dpo ? incident.DpoNotifiedAt : incident.RegulatorNotifiedAt,
        kind == DeadlineKind.Regulator ? incident.Risk : null);

    /// <summary>An incident holding these facts only: enough for <paramref name="kind"/>'s clock, and for nothing else.</summary>
    public Incident ToIncident(Guid incidentId, DeadlineKind kind) => new(
        incidentId, Status, DiscoveredAt, OccurredAt, Policy, Risk,
        RegulatorNotifiedAt: kind == DeadlineKind.Regulator ? MetAt : null,
        DpoNotifiedAt: kind == DeadlineKind.Dpo ? MetAt : null);
}
