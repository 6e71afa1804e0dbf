namespace BreachDesk.Incidents;

/// <summary>A command names a part of the incident (a task) that it does not have (answered with 404 Not Found).</summary>
public sealed class IncidentPartNotFoundException(string message) : Exception(message);
