using BreachDesk.Infrastructure.Database;
using Marten;
using Npgsql;

namespace BreachDesk.Reporting;

/// <summary>Registers what reporting keeps beside the events: idempotency records and the reference counters.</summary>
public static class ReportingConfiguration
{
    public static void AddReporting(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(services =>
            new IncidentReferences(services.GetRequiredService<NpgsqlDataSource>(), MartenConfiguration.Schema, $"{MartenConfiguration.Schema}.mt_doc_incidentview"));

        builder.Services.ConfigureMarten(options =>
        {
            options.Schema.For<IdempotencyRecord>();
        });
    }
}
