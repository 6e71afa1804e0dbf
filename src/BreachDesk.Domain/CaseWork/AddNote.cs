using BreachDesk.Incidents;
using BreachDesk.Validation;

namespace BreachDesk.CaseWork;

/// <summary>A note for the record: it appears in the timeline with its author, and is never edited.</summary>
public sealed record AddNote(string? Text) : IIncidentCommand<NoteAdded>
{
    public ValidationErrors Validate(Incident incident, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        errors.RequireText("text", Text, Limits.LongText);
        return errors;
    }

    public NoteAdded Decide(Incident incident, string actor, DateTimeOffset now)
    {
        incident.EnsureOpen("adding a note");
        return new NoteAdded(incident.Id, Text!.Trim(), now, actor);
    }
}
