namespace BreachDesk.Infrastructure.Telemetry;

public sealed record IncidentCountSnapshot(
    long Open, long DpoPending, long DpoMissed, long RegulatorPending, long RegulatorMissed, DateTimeOffset TakenAt);

/// <summary>
/// Where the gauges read their counts: the incident model provides it (Incidents/IncidentCounts), so telemetry
/// needs to know nothing of incidents. Null while no counts can be had yet.
/// </summary>
public interface IIncidentGauges
{
    IncidentCountSnapshot? Current();
}
