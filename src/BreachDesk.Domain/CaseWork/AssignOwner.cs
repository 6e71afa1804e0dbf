using BreachDesk.Incidents;
using BreachDesk.Validation;

namespace BreachDesk.CaseWork;

/// <summary>
/// Gives the incident to an owner, by the name a person signs in with (the name recorded as actor of what they do),
/// so the list can be filtered by it. Reassigning is recorded with who had it before.
/// </summary>
public sealed record AssignOwner(string? Owner, string? Note = null) : IIncidentCommand<IncidentAssigned>
{
    public ValidationErrors Validate(Incident incident, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        errors.RequireText("owner", Owner, Limits.ShortText);
        errors.OptionalText("note", Note, Limits.LongText);
        return errors;
    }

    public IncidentAssigned Decide(Incident incident, string actor, DateTimeOffset now)
    {
        incident.EnsureOpen("assigning it");
        return new IncidentAssigned(incident.Id, Owner!.Trim(), incident.Owner, Note.TrimmedOrNull(), now, actor);
    }
}
