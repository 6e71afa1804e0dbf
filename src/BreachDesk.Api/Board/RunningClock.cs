using System.Text.Json.Serialization;
using BreachDesk.Deadlines;
using BreachDesk.Escalating;
using BreachDesk.Incidents;
using BreachDesk.Storage;

namespace BreachDesk.Board;

/// <summary>
/// One row per clock of an incident, which the deadline board reads by an index on <see cref="DueAt"/>: set while the
/// clock runs, null once it stops (met, not required, incident closed), set again when it starts again (reopened) or
/// moves (the occurrence time revised). More clocks per incident (several regulators, staged reports) are more rows,
/// named by <see cref="Id"/>.
/// </summary>
/// <remarks>
/// No status is stored: a running clock is pending or missed depending on when it is read, which the board evaluates
/// with <see cref="DeadlineRules.Evaluate"/>. A row holds what the board and the counts read (reference, title, kind,
/// the due times) and the few facts its next event needs (<see cref="Facts"/>), not the folded incident: every byte of
/// it is written to the WAL twice per report (decision 0026).
/// </remarks>
[StoredSparsely]
public sealed class RunningClock
{
    /// <summary><c>&lt;incident id&gt;/&lt;clock&gt;</c>, e.g. <c>…/dpo</c>.</summary>
    public string Id { get; set; } = "";
    /// <summary>The first part of <see cref="Id"/>, not stored again (decision 0030); SQL reads it as <see cref="IncidentIdSql"/>.</summary>
    [JsonIgnore]
    public Guid IncidentId => Guid.Parse(Id.AsSpan(0, 36));

    /// <summary>The incident's id of a clock row, in SQL.</summary>
    public const string IncidentIdSql = "split_part(id, '/', 1)";
    public string Reference { get; set; } = "";
    public string Title { get; set; } = "";
    public DeadlineKind Kind { get; set; }
    /// <summary>When the clock runs out; null while it does not run.</summary>
    public DateTimeOffset? DueAt { get; set; }
    /// <summary>The law's own deadline (the regulator's 72 hours from awareness); null (and not stored) where there is none.</summary>
    public DateTimeOffset? StatutoryDueAt { get; set; }
    /// <summary>The facts this clock is computed from, so that the next event is folded by the domain (<see cref="ClockFacts"/>).</summary>
    public ClockFacts? Facts { get; set; }

    /// <summary>
    /// Only in rows written before decision 0026, which held the whole folded incident instead of <see cref="Facts"/>:
    /// read once, when such a row's next event comes, and never written again.
    /// </summary>
    public Incident? Incident { get; set; }

    public static readonly DeadlineKind[] Kinds = [DeadlineKind.Dpo, DeadlineKind.Regulator];

    public static string IdFor(Guid incidentId, DeadlineKind kind) => $"{incidentId}/{kind.ToString().ToLowerInvariant()}";
}
