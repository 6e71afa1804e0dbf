namespace BreachDesk.Incidents;

/// <summary>A command that the incident's current state forbids (answered with 409 Conflict).</summary>
public sealed class IncidentConflictException(string message) : Exception(message);
