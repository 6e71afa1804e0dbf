using BreachDesk.Incidents;
using BreachDesk.Validation;

namespace BreachDesk.CaseWork;

/// <summary>
/// A piece of work on the incident, for someone, maybe by a date. A due date lies ahead, so unlike the facts it may be
/// in the future; it may not be before the breach was discovered, which no real plan is.
/// </summary>
public sealed record AddTask(string? Title, string? Assignee = null, DateTimeOffset? DueAt = null) : IIncidentCommand<CaseTaskAdded>
{
    /// <summary>An incident's work is a checklist a person can read, not a queue: more than this is a sign of misuse.</summary>
    public const int MaxTasksPerIncident = 500;

    public ValidationErrors Validate(Incident incident, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        errors.RequireText("title", Title, Limits.ShortText);
        errors.OptionalText("assignee", Assignee, Limits.ShortText);
        if (DueAt < incident.DiscoveredAt)
            errors.Add("dueAt", $"'dueAt' may not be before the breach was discovered ({incident.DiscoveredAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC).");
        return errors;
    }

    public CaseTaskAdded Decide(Incident incident, string actor, DateTimeOffset now)
    {
        incident.EnsureOpen("adding a task");
        if (incident.Tasks.Count >= MaxTasksPerIncident)
            throw new IncidentConflictException($"The incident already has {MaxTasksPerIncident} tasks, the most one incident may hold.");
        return new CaseTaskAdded(incident.Id, incident.Tasks.Count + 1, Title!.Trim(), Assignee.TrimmedOrNull(), DueAt, now, actor);
    }
}
