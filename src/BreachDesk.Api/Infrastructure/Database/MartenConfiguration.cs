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
    public const string IncidentEventsSubscription = "incident-events";

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
            // Wolverine, not Marten, decides which node runs the event subscription below. Marten's own HotCold
            // coordination takes its lock through Patched.DistributedLock.Postgres, whose Core assembly the registry
            // lacks (our bridge wraps the upstream DistributedLock.Core, which has no MultiplexedConnectionLockPool`1),
            // whereas Wolverine's leader election takes PostgreSQL advisory locks with plain SQL.
            .IntegrateWithWolverine(wolverine => wolverine.UseWolverineManagedEventSubscriptionDistribution = true)
            // Background work (escalations, drafts) reacts to incident events through this subscription: it reads the
            // event store in order and publishes each event to its Wolverine handlers, with its progress stored in
            // PostgreSQL, so nothing is missed across restarts and only one node relays at a time.
            .PublishEventsToWolverine(IncidentEventsSubscription,
                relay => relay.FilterIncomingEventsOnStreamType(typeof(BreachDesk.Incidents.Incident)));
    }
}
