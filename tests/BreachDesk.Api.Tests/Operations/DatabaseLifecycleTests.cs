using System.Net;
using BreachDesk.Infrastructure.Database;
using BreachDesk.Tests.Support;
using JasperFx;
using Microsoft.AspNetCore.Builder;
using Npgsql;

namespace BreachDesk.Tests.Operations;

/// <summary>
/// Production changes no schema: db-apply does, and the service refuses to start until it has. (The tests run in
/// the Production environment; RunningService opts in to applying changes, which these tests switch off again.)
/// </summary>
public class DatabaseLifecycleTests
{
    [Fact]
    public async Task In_production_the_service_refuses_to_start_on_an_empty_database_names_the_command_and_creates_nothing()
    {
        var database = await TestDatabase.CreateAsync();

        var refusal = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => RunningService.StartAsync(database, AsProduction));

        Assert.Contains("missing or out of date", refusal.Message);
        Assert.Contains("db-apply", refusal.Message);
        Assert.Empty(await SchemaObjects(database));
    }

    [Fact]
    public async Task After_db_apply_the_service_starts_in_production_works_and_creates_nothing()
    {
        var database = await TestDatabase.CreateAsync();
        Assert.Equal(0, await DbApply(database));
        var applied = await SchemaObjects(database);
        Assert.Contains(applied, o => o.EndsWith(".mt_events"));
        Assert.Contains(applied, o => o.EndsWith(".wolverine_dead_letters"));

        await using (var service = await RunningService.StartAsync(database, AsProduction))
        {
            var incident = await IncidentClient.Reported(service);
            await incident.Do("dpo-notification", new
            {
                notifiedAt = IncidentApi.Iso(DateTimeOffset.UtcNow.AddMinutes(-1)), channel = "email",
                howItOccurred = "h", likelyImpact = "i",
            }, "dev-reporter");
            Assert.Equal(HttpStatusCode.OK, (await service.Client().GetAsync("/api/deadlines")).StatusCode);
        }

        // Only the year's reference sequence is the service's own to create, when the year's first report needs it
        // (decision 0014): a schema object per year cannot be applied ahead by db-apply.
        Assert.Equal(applied, (await SchemaObjects(database)).Where(o => !o.Contains(".incident_reference_")));
    }

    [Fact]
    public async Task In_production_a_schema_out_of_date_is_refused_until_db_apply_brings_it_up_to_date()
    {
        var database = await TestDatabase.CreateAsync();
        await DbApply(database);
        // As if this version added an indexed column that the database does not have yet.
        await TestDatabase.Execute(database, $"ALTER TABLE {MartenConfiguration.Schema}.mt_doc_incidentview DROP COLUMN reported_at");

        var refusal = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => RunningService.StartAsync(database, AsProduction));
        Assert.Contains("db-apply", refusal.Message);

        Assert.Equal(0, await DbApply(database));
        await using var service = await RunningService.StartAsync(database, AsProduction);
        await service.Client().ReportedIncident();
    }

    [Fact]
    public async Task A_db_apply_that_changes_a_view_trigger_function_keeps_the_trigger_and_what_it_keeps()
    {
        var database = await TestDatabase.CreateAsync();
        await DbApply(database);
        await using (var service = await RunningService.StartAsync(database, AsProduction)) await service.Client().ReportedIncident();
        // As a database of the previous version holds them: the same triggers, other function bodies. Weasel replaces
        // a changed function with DROP ... CASCADE, which took the triggers with it (decision 0030).
        foreach (var function in new[] { "keep_incident_search_words", "count_incident_status" })
            await TestDatabase.Execute(database, $"""
                CREATE OR REPLACE FUNCTION {MartenConfiguration.Schema}.{function}() RETURNS trigger LANGUAGE plpgsql
                AS $f$ BEGIN RETURN NULL; END; $f$
                """);
        await TestDatabase.Execute(database, $"DELETE FROM {MartenConfiguration.Schema}.incident_search_words");

        Assert.Equal(0, await DbApply(database));

        Assert.Equal(["count_incident_status", "count_incident_status_truncated", "keep_incident_search_words", "keep_incident_search_words_truncated"],
            await TestDatabase.Strings(database, "SELECT tgname FROM pg_trigger WHERE tgrelid = 'breachdesk.mt_doc_incidentview'::regclass AND NOT tgisinternal ORDER BY 1"));
        // Created again with the words of the views already there.
        Assert.Equal(["1"], await TestDatabase.Strings(database, $"SELECT count(*)::text FROM {MartenConfiguration.Schema}.incident_search_words"));
        await using var again = await RunningService.StartAsync(database, AsProduction);
        await again.Client().ReportedIncident();
        Assert.Equal(["2"], await TestDatabase.Strings(database, $"SELECT count(*)::text FROM {MartenConfiguration.Schema}.incident_search_words"));
        Assert.Equal(["2"], await TestDatabase.Strings(database, $"SELECT sum(incidents)::text FROM {MartenConfiguration.Schema}.incident_status_count"));
    }

    private static void AsProduction(WebApplicationBuilder builder)
    {
        builder.Environment.EnvironmentName = "Production";
        builder.Configuration[SchemaLifecycle.ApplyChangesOnStartKey] = null;
    }

    /// <summary>The JasperFx command an operator runs, on the service as configured for production.</summary>
    private static async Task<int> DbApply(string database)
    {
        var app = RunningService.Build(database, AsProduction);
        return await app.RunJasperFxCommands(["db-apply"]);
    }

    /// <summary>Every table, column, index, function and sequence outside PostgreSQL's own schemas.</summary>
    private static async Task<List<string>> SchemaObjects(string database)
    {
        const string sql = """
            SELECT table_schema || '.' || table_name FROM information_schema.tables
             WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
            UNION ALL SELECT table_schema || '.' || table_name || '.' || column_name || ':' || data_type FROM information_schema.columns
             WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
            UNION ALL SELECT schemaname || '.' || indexname || ':' || indexdef FROM pg_indexes
             WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
            UNION ALL SELECT routine_schema || '.' || routine_name FROM information_schema.routines
             WHERE routine_schema NOT IN ('pg_catalog', 'information_schema')
            UNION ALL SELECT sequence_schema || '.' || sequence_name FROM information_schema.sequences
             WHERE sequence_schema NOT IN ('pg_catalog', 'information_schema')
            ORDER BY 1
            """;
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var objects = new List<string>();
        while (await reader.ReadAsync()) objects.Add(reader.GetString(0));
        return objects;
    }
}
