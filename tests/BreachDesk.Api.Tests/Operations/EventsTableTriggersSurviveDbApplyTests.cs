using System.Net;
using BreachDesk.Auditing;
using BreachDesk.Dashboard;
using BreachDesk.Infrastructure.Database;
using BreachDesk.Tests.Support;
using JasperFx;
using Microsoft.AspNetCore.Builder;
using Npgsql;

namespace BreachDesk.Tests.Operations;

/// <summary>
/// The hash chain's and the change notice's triggers on <c>mt_events</c> outlive a <c>db-apply</c> that changes their
/// functions (decision 0035, as 0030 did for the view's triggers): Weasel replaces a changed function with
/// <c>DROP ... CASCADE</c>, which takes the trigger with it, so the trigger is created again in the same migration.
/// </summary>
public class EventsTableTriggersSurviveDbApplyTests
{
    private const string S = MartenConfiguration.Schema;

    [Fact]
    public async Task A_db_apply_that_changes_the_hash_chain_and_notice_functions_keeps_their_triggers_and_the_chain_goes_on()
    {
        var database = await TestDatabase.CreateAsync();
        Assert.Equal(0, await DbApply(database));
        string first;
        await using (var service = await RunningService.StartAsync(database, AsProduction))
            first = (await service.Client().ReportedIncident())["id"]!.GetValue<string>();

        // As a database of an earlier version holds them: the same triggers, other function bodies.
        foreach (var function in new[] { EventHashChain.FunctionName, IncidentChangeNotifications.FunctionName })
            await TestDatabase.Execute(database, $"""
                CREATE OR REPLACE FUNCTION {S}.{function}() RETURNS trigger LANGUAGE plpgsql
                AS $f$ BEGIN RETURN NEW; END; $f$
                """);

        Assert.Equal(0, await DbApply(database));

        Assert.Equal([EventHashChain.FunctionName, IncidentChangeNotifications.FunctionName],
            await Strings(database, $"SELECT tgname FROM pg_trigger WHERE tgrelid = '{S}.mt_events'::regclass AND NOT tgisinternal ORDER BY 1"));
        Assert.DoesNotContain(await Strings(database, $"SELECT p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = '{S}'"),
            body => body.Trim() == "BEGIN RETURN NEW; END;");
        // Nothing left to apply, so a production start is not refused.
        await using var again = await RunningService.StartAsync(database, AsProduction);
        var second = (await again.Client().ReportedIncident())["id"]!.GetValue<string>();

        // The chain links the new incident's events, and the earlier incident's chain is still intact.
        Assert.Equal(["1"], await Strings(database, $"SELECT count(*)::text FROM {S}.{EventHashChain.TableName} WHERE stream_id = '{second}'"));
        foreach (var id in new[] { first, second })
        {
            var audit = await (await again.Client("dev-auditor").GetAsync($"/api/incidents/{id}/audit")).ExpectJson(HttpStatusCode.OK);
            Assert.True(audit["intact"]!.GetValue<bool>(), audit.ToJsonString());
        }
    }

    private static void AsProduction(WebApplicationBuilder builder)
    {
        builder.Environment.EnvironmentName = "Production";
        builder.Configuration[SchemaLifecycle.ApplyChangesOnStartKey] = null;
    }

    /// <summary>The JasperFx command an operator runs, on the service as configured for production.</summary>
    private static async Task<int> DbApply(string database) => await RunningService.Build(database, AsProduction).RunJasperFxCommands(["db-apply"]);

    private static async Task<List<string>> Strings(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var reader = await new NpgsqlCommand(sql, connection).ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }
}
