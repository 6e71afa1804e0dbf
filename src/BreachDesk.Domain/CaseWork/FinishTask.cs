using BreachDesk.Incidents;
using BreachDesk.Validation;

namespace BreachDesk.CaseWork;

/// <summary>A task is done; it stays done.</summary>
public sealed record CompleteTask(int TaskNumber, string? Note) : IIncidentCommand<CaseTaskCompleted>
{
    public ValidationErrors Validate(Incident incident, DateTimeOffset now) => OpenTask.ValidateNote(Note);

    public CaseTaskCompleted Decide(Incident incident, string actor, DateTimeOffset now)
    {
        OpenTask.Ensure(incident, TaskNumber, "completing");
        return new CaseTaskCompleted(incident.Id, TaskNumber, Note.TrimmedOrNull(), now, actor);
    }
}

/// <summary>A task no longer needed; it stays cancelled, and the note says why.</summary>
public sealed record CancelTask(int TaskNumber, string? Note) : IIncidentCommand<CaseTaskCancelled>
{
    public ValidationErrors Validate(Incident incident, DateTimeOffset now) => OpenTask.ValidateNote(Note);

    public CaseTaskCancelled Decide(Incident incident, string actor, DateTimeOffset now)
    {
        OpenTask.Ensure(incident, TaskNumber, "cancelling");
        return new CaseTaskCancelled(incident.Id, TaskNumber, Note.TrimmedOrNull(), now, actor);
    }
}

/// <summary>What finishing a task, either way, asks of it: it exists and is still open.</summary>
internal static class OpenTask
{
    public static ValidationErrors ValidateNote(string? note)
    {
        var errors = new ValidationErrors();
        errors.OptionalText("note", note, Limits.LongText);
        return errors;
    }

    public static void Ensure(Incident incident, int taskNumber, string verb)
    {
        incident.EnsureOpen($"{verb} a task");
        if (!incident.Tasks.TryGetValue(taskNumber, out var status))
            throw new IncidentPartNotFoundException($"The incident has no task {taskNumber}.");
        if (status != CaseTaskStatus.Open)
            throw new IncidentConflictException($"Task {taskNumber} is already {(status == CaseTaskStatus.Done ? "done" : "cancelled")}.");
    }
}
