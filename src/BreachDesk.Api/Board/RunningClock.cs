using BreachDesk.Deadlines;
using BreachDesk.Escalating;
using BreachDesk.Incidents;
using Marten;

namespace BreachDesk.Board;

/// <summary>
/// One row per clock that is running: what the deadline board reads, by an index on <see cref="DueAt"/>. A clock
/// that stops (met, not required, incident closed) loses its row; one that starts again (reopened) or moves (the
/// occurrence time revised) gets it back at its new due time. More clocks per incident (several regulators,
/// staged reports) are more rows, named by <see cref="Id"/>.
/// </summary>
/// <remarks>
/// No status is stored: a running clock is pending or missed depending on when it is read, which the board
/// evaluates with <see cref="DeadlineRules.Evaluate"/>.
/// </remarks>
public sealed class RunningClock
{
    /// <summary><c>&lt;incident id&gt;/&lt;clock&gt;</c>, e.g. <c>…/dpo</c>.</summary>
    public string Id { get; set; } = "";
    public Guid IncidentId { get; set; }
    public string Reference { get; set; } = "";
    public string Title { get; set; } = "";
    public DeadlineKind Kind { get; set; }
    public DateTimeOffset DueAt { get; set; }
    /// <summary>The law's own deadline (the regulator's 72 hours from awareness); null where there is none.</summary>
    public DateTimeOffset? StatutoryDueAt { get; set; }

    public static string IdFor(Guid incidentId, DeadlineKind kind) => $"{incidentId}/{kind.ToString().ToLowerInvariant()}";
}

/// <summary>Keeps an incident's <see cref="RunningClock"/> rows in step with its view, in the view's own transaction.</summary>
public static class RunningClocks
{
    /// <summary>Stores the row of each clock that runs and deletes the row of each that does not.</summary>
    public static void Reconcile(IDocumentOperations operations, IncidentView view)
    {
        Keep(operations, view, DeadlineKind.Dpo, view.DpoDueAt, statutoryDueAt: null,
            DeadlineRules.IsRunning(view.Status, view.DpoMetAt, required: true));
        Keep(operations, view, DeadlineKind.Regulator, view.RegulatorDueAt, view.RegulatorStatutoryDueAt,
            DeadlineRules.IsRunning(view.Status, view.RegulatorMetAt, view.RegulatorRequired));
    }

    private static void Keep(
        IDocumentOperations operations, IncidentView view, DeadlineKind kind, DateTimeOffset dueAt, DateTimeOffset? statutoryDueAt, bool running)
    {
        var id = RunningClock.IdFor(view.Id, kind);
        if (!running)
        {
            operations.Delete<RunningClock>(id);
            return;
        }
        operations.Store(new RunningClock
        {
            Id = id, IncidentId = view.Id, Reference = view.Reference, Title = view.Title,
            Kind = kind, DueAt = dueAt, StatutoryDueAt = statutoryDueAt,
        });
    }
}
