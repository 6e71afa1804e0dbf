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

    /// <param name="rebuilding">The process is the operators' <c>projections rebuild</c> (<see cref="ProjectionRebuild"/>).</param>
    public static void AddBreachDeskStore(this WebApplicationBuilder builder, bool rebuilding = false)
    {
        var connectionString = builder.Configuration.GetConnectionString("BreachDesk");
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                "No database configured: set ConnectionStrings:BreachDesk (environment variable ConnectionStrings__BreachDesk), " +
                "or start the service with deploy/local/run.sh, which starts a private PostgreSQL.");

        var sourceBuilder = new NpgsqlDataSourceBuilder(connectionString) { Name = "breachdesk" };
        // Npgsql resets a pooled connection with DISCARD ALL before its next use: a statement, a round trip and a
        // commit of its own every time a connection is taken (measured: 1.6 per report, a fifth of all commits), and
        // it throws away prepared statements. Nothing here leaves session state on a pooled connection: advisory locks
        // are transaction-scoped (the sweep) or held on a dedicated connection and released (Wolverine, Weasel's
        // migration lock), nothing SETs a session variable or makes a temp table, and the dashboard's LISTEN
        // connection is held for the process's life (a broken one is never pooled again).
        sourceBuilder.ConnectionStringBuilder.NoResetOnClose = true;
        // The rebuild's sessions tell the views' row triggers to leave their tables to one refill at the end, and
        // prepare the statements they repeat.
        if (rebuilding) ProjectionRebuild.ConfigureConnections(sourceBuilder.ConnectionStringBuilder);
        else PrepareRepeatedStatements(sourceBuilder.ConnectionStringBuilder,
            builder.Configuration.GetValue<int?>(MaxPreparedStatementsKey) ?? DefaultMaxPreparedStatements);
        var dataSource = sourceBuilder.Build();
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddSingleton(new DatabaseIdentity(dataSource, Schema));

        builder.Services.AddMarten(options =>
            {
                options.Connection(dataSource);
                options.DatabaseSchemaName = Schema;
                // Documents marked StoredSparsely leave out what is empty (SparseDocumentJson, decision 0030); events do not.
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, SparseDocumentJson.Apply);

                options.Events.StreamIdentity = StreamIdentity.AsGuid;
                options.Events.MetadataConfig.EnableAll();
                // Documents keep their id, data, indexed columns and mt_version (Marten's upsert of a projected document
                // needs it), not the informational mt_last_modified and mt_dotnet_type: nothing reads them, and a report
                // writes five documents, each row written to the WAL in full (decision 0026). The events keep all of
                // their metadata: the audit trail is the events.
                options.Policies.ForAllDocuments(mapping =>
                {
                    mapping.Metadata.LastModified.Enabled = false;
                    mapping.Metadata.DotNetType.Enabled = false;
                });
                // Each module registers its own documents, projections and tables (its Configuration.cs).
                options.Storage.ExtendedSchemaObjects.Add(DatabaseIdentity.SchemaObject(Schema));
            })
            .UseLightweightSessions()
            // Wolverine's outbox enlists in Marten sessions (alerts leave in the transaction that records their escalation).
            // Wolverine, not Marten, would distribute async projections and subscriptions between the nodes; there are none today.
            .IntegrateWithWolverine(wolverine => wolverine.UseWolverineManagedEventSubscriptionDistribution = true);
    }

    /// <summary>How many statements each of the service's connections keeps prepared; 0 prepares none.</summary>
    public const string MaxPreparedStatementsKey = "BreachDesk:Database:MaxPreparedStatements";

    /// <summary>
    /// Enough for every statement the service repeats (the report's 13, the commands', the reads', the sweeper's and
    /// Wolverine's polling) to stay prepared; beyond it Npgsql unprepares the least recently used one.
    /// </summary>
    public const int DefaultMaxPreparedStatements = 100;

    /// <summary>The service's statements, prepared on each connection after their fifth use (decision 0036).</summary>
    /// <remarks>
    /// A report sends the same dozen statements every time, among them Marten's upserts of 30 parameters; unprepared,
    /// PostgreSQL parses, analyses and plans each of them on every report (measured: a quarter of its CPU per report).
    /// Prepared statements survive on a pooled connection because it is not reset (above). PostgreSQL re-plans a
    /// prepared statement by itself after a schema change (db-apply while the service runs); only a statement whose
    /// result columns changed would fail, and the statements here name their columns. A connection string's own
    /// <c>Max Auto Prepare</c> (above 0) wins; <paramref name="max"/> 0 is for a pooler in transaction mode that cannot
    /// keep a connection's prepared statements.
    /// </remarks>
    public static void PrepareRepeatedStatements(NpgsqlConnectionStringBuilder connection, int max)
    {
        if (connection.MaxAutoPrepare == 0 && max > 0) connection.MaxAutoPrepare = max;
    }
}
