using BreachDesk.Validation;

namespace BreachDesk.Incidents;

/// <summary>
/// A person's command on an existing incident, as the one command path runs it: first <see cref="Validate"/> the
/// input against the incident as it is now (400 naming each bad field), then <see cref="Decide"/> the event to
/// record, or refuse with <see cref="IncidentConflictException"/> when the incident's state forbids it (409).
/// Both are pure, so each command is specified by unit tests without a database.
/// </summary>
public interface IIncidentCommand<out TEvent> where TEvent : notnull
{
    ValidationErrors Validate(Incident incident, DateTimeOffset now);

    TEvent Decide(Incident incident, string actor, DateTimeOffset now);
}
