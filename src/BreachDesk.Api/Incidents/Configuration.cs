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
        builder.Services.AddSingleton<IncidentCommandServices>();
        builder.Services.AddSingleton<IIncidentGauges>(services => services.GetRequiredService<IncidentCounts>());

        builder.Services.ConfigureMarten(options =>
        {
            // Stored with each append (a snapshot), so a command loads one row, not the incident's whole stream.
            options.Projections.Add<IncidentWriteModel>(ProjectionLifecycle.Inline);
            options.Projections.Add<IncidentViewProjection>(ProjectionLifecycle.Inline);

            // The reference is unique (IncidentReferences relies on it). The columns the list and the register filter
            // and sort on are Listing's (Listing/Configuration.cs); the due times have none: the deadline board and
            // the counts read the running clocks (Board/), and each index is one more entry in the WAL of every
            // report (decision 0026).
            options.Schema.For<IncidentView>()
                .Index(x => x.Reference, index => index.IsUnique = true);
        });
    }
}
