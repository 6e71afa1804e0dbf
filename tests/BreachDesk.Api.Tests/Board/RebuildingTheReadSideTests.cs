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
    private static async Task Execute(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> ReportedThenWiped(string database, string tables)
    {
        string id;
        await using (var service = await RunningService.StartAsync(database))
            id = (await service.Client().ReportedIncident(ReportBody(discoveredAt: HoursAgo(1))))["id"]!.GetValue<string>();
        // As a database from before this version: these documents were never written.
        await Execute(database, tables);
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
    public async Task A_person_s_clock_fact_signals_the_sweeper_and_a_rebuild_signals_nothing()
    {
        var database = await TestDatabase.CreateAsync();
        await using (var service = await RunningService.StartAsync(database))
        {
            var id = (await service.Client().ReportedIncident(ReportBody(discoveredAt: HoursAgo(1))))["id"]!.GetValue<string>();
            // The signal is written in the command's own transaction (the sweeper may have taken it since: count inserts).
            var before = await Scalar(database, "SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 'escalation_replans'");
            await new IncidentClient(service, id).Do("risk-assessment", new { level = "none", rationale = "Nothing left the building." });
            await WaitForAsync(async () => await Scalar(database, "SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 'escalation_replans'") > before);
        }
        await Execute(database, "DELETE FROM breachdesk.escalation_replans;");

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

    // pg_stat_user_tables is published by the backend up to a second after its transaction.
    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("The condition did not hold within 30 s.");
            await Task.Delay(250);
        }
    }
}
