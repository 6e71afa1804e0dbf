using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using Weasel.Core;
using Wolverine.Marten;

namespace BreachDesk.Infrastructure.Database;

/// <summary>The event store: one stream per incident, the projections people read, and our own tables.</summary>
public static class MartenConfiguration
{
    public const string Schema = "breachdesk";

    public static void AddBreachDeskStore(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("BreachDesk");
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                "No database configured: set ConnectionStrings:BreachDesk (environment variable ConnectionStrings__BreachDesk), " +
                "or start the service with deploy/local/run.sh, which starts a private PostgreSQL.");

        var dataSource = new NpgsqlDataSourceBuilder(connectionString) { Name = "breachdesk" }.Build();
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddSingleton(new DatabaseIdentity(dataSource, Schema));

        builder.Services.AddMarten(options =>
            {
                options.Connection(dataSource);
                options.DatabaseSchemaName = Schema;
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);

                options.Events.StreamIdentity = StreamIdentity.AsGuid;
                options.Events.MetadataConfig.EnableAll();
                // Each module registers its own documents, projections and tables (its Configuration.cs).
                options.Storage.ExtendedSchemaObjects.Add(DatabaseIdentity.SchemaObject(Schema));
            })
            .UseLightweightSessions()
            // Wolverine's outbox enlists in Marten sessions (alerts leave in the transaction that records their escalation).
            // Wolverine, not Marten, would distribute async projections and subscriptions between the nodes; there are none today.
            .IntegrateWithWolverine(wolverine => wolverine.UseWolverineManagedEventSubscriptionDistribution = true);
    }
}
