using System.Net;
using BreachDesk.Tests.Support;
using JasperFx;
using Npgsql;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Board;

/// <summary>
/// What an operator does after upgrading (docs/operations.md): <c>projections rebuild</c> brings back the stored write
/// models and the running clocks the deadline board reads, from the events alone.
/// </summary>
public class RebuildingTheReadSideTests
{
    private static async Task<string> ReportedThenWiped(string database, string tables)
    {
        string id;
        await using (var service = await RunningService.StartAsync(database))
            id = (await service.Client().ReportedIncident(ReportBody(discoveredAt: HoursAgo(1))))["id"]!.GetValue<string>();
        // As a database from before this version: these documents were never written.
        await TestDatabase.Execute(database, tables);
        Assert.Equal(0, await RunningService.RunCommandAsync(database, "projections", "rebuild", "--shard-timeout", "5m"));
        return id;
    }

    [Fact]
    public async Task A_rebuild_restores_the_stored_write_models_so_commands_on_older_incidents_work()
    {
        var database = await TestDatabase.CreateAsync();
        var id = await ReportedThenWiped(database, "DELETE FROM breachdesk.mt_doc_incident;");

        await using var service = await RunningService.StartAsync(database);
        var incident = new IncidentClient(service, id);
        await incident.Do("containment", new { action = "Mailbox rule removed.", takenAt = Iso(HoursAgo(0.5)) });
    }

    [Fact]
    public async Task A_rebuild_restores_the_running_clocks()
    {
        var database = await TestDatabase.CreateAsync();
        var id = await ReportedThenWiped(database, "DELETE FROM breachdesk.mt_doc_runningclock;");

        await using var service = await RunningService.StartAsync(database);
        var board = await (await service.Client().GetAsync("/api/deadlines?within=P3650D")).ExpectJsonArray(HttpStatusCode.OK);
        Assert.Equal(["dpo", "regulator"],
            board.Where(e => e!["incidentId"]!.GetValue<string>() == id).Select(e => e!["kind"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task A_person_s_clock_fact_re_plans_in_its_own_transaction_and_a_rebuild_signals_nothing()
    {
        var database = await TestDatabase.CreateAsync();
        await using (var service = await RunningService.StartAsync(database))
        {
            var id = (await service.Client().ReportedIncident(ReportBody(discoveredAt: HoursAgo(1))))["id"]!.GetValue<string>();
            await new IncidentClient(service, id).Do("dpo-notification",
                new { notifiedAt = Iso(HoursAgo(0.1)), channel = "e-mail", howItOccurred = "Misaddressed e-mail.", likelyImpact = "Low." });
            // Re-planned by the command itself (decision 0029): the DPO clock's report-time escalation is resolved at once.
            var resolved = await (await service.Client().GetAsync($"/api/escalations?state=resolved&incidentId={id}")).ExpectJsonArray(HttpStatusCode.OK);
            Assert.Contains(resolved, e => e!["deadline"]!.ToString().Equals("dpo", StringComparison.OrdinalIgnoreCase));
        }
        await TestDatabase.Execute(database, "DELETE FROM breachdesk.escalation_replans;");

        Assert.Equal(0, await RunningService.RunCommandAsync(database, "projections", "rebuild", "--shard-timeout", "5m"));

        // A rebuild replays views; it records no fact, so the sweeper has nothing to re-decide.
        Assert.Equal(0, await Scalar(database, "SELECT count(*) FROM breachdesk.escalation_replans"));
    }

    private static async Task<long> Scalar(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
