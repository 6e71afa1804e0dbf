namespace BreachDesk.Incidents;

/// <summary>Who brought the breach to light.</summary>
public enum IncidentSource { Staff, Processor, ThirdParty, Automated }

public enum IncidentStatus { Open, Closed }
