using BreachDesk.Infrastructure.Telemetry;
using JasperFx.Events.Projections;
using Marten;

namespace BreachDesk.Incidents;

/// <summary>Registers the incident model: its write model, the view people read, the deadline policy and the gauges' counts.</summary>
public static class IncidentsConfiguration
{
    public static void AddIncidents(this WebApplicationBuilder builder)
    {
        // Configuration is read when first needed, not here, so that everything added to it later (tests) counts.
        builder.Services.AddSingleton(services => services.GetRequiredService<IConfiguration>()
            .GetSection("BreachDesk:Deadlines").Get<DeadlineOptions>()?.ToPolicy() ?? new DeadlineOptions().ToPolicy());
        builder.Services.AddSingleton<IncidentCounts>();
        builder.Services.AddSingleton<IIncidentGauges>(services => services.GetRequiredService<IncidentCounts>());

        builder.Services.ConfigureMarten(options =>
        {
            // Stored with each append (a snapshot), so a command loads one row, not the incident's whole stream.
            options.Projections.Add<IncidentWriteModel>(ProjectionLifecycle.Inline);
            options.Projections.Add<IncidentViewProjection>(ProjectionLifecycle.Inline);

            // Real, indexed columns for what the list, the deadline board and the register filter and sort on,
            // so they stay fast with 100,000 incidents.
            options.Schema.For<IncidentView>()
                .Duplicate(x => x.Status)
                .Duplicate(x => x.ReportedAt)
                .Duplicate(x => x.DpoDueAt)
                .Duplicate(x => x.RegulatorDueAt)
                .Index(x => x.Reference, index => index.IsUnique = true);
        });
    }
}
