using System.Net;
using BreachDesk.Tests.Support;
using Npgsql;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Reporting;

/// <summary>
/// The service prepares the statements it repeats on each pooled connection (decision 0036). A schema change made while
/// it runs (an operator's <c>db-apply</c> for the next version, a column added by hand) must not break them: PostgreSQL
/// plans a prepared statement again after the change, and fails it only when the statement's result columns changed,
/// which a statement that names its columns never does. A database of its own, since the test alters its tables.
/// </summary>
public class PreparedStatementsTests : IAsyncLifetime
{
    private string _connection = "";
    private RunningService _service = null!;

    /// <summary>Every table a report writes or the reads below read.</summary>
    private static readonly string[] Tables =
    [
        "mt_events", "mt_streams", "mt_doc_incident", "mt_doc_incidentview", "mt_doc_runningclock", "mt_doc_escalationview",
        "event_hash_chain", "incident_search_words", "incident_status_count", "escalation_wakeups",
    ];

    public async Task InitializeAsync()
    {
        _connection = await TestDatabase.CreateAsync();
        _service = await RunningService.StartAsync(_connection);
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    private async Task Sql(string sql)
    {
        await using var connection = new NpgsqlConnection(_connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Reports and reads enough times that each statement is used past the point where it gets prepared.</summary>
    private async Task ReportAndRead(string round)
    {
        var reporter = _service.Client();
        var auditor = _service.Client("dev-auditor");
        for (var i = 0; i < 8; i++)
        {
            var incident = await reporter.ReportedIncident(ReportBody($"Prepared statements, {round} {i}"));
            var id = incident["id"]!.GetValue<string>();
            await (await auditor.GetAsync($"/api/incidents/{id}")).ExpectJson(HttpStatusCode.OK);
            await (await auditor.GetAsync("/api/incidents?status=all&pageSize=5")).ExpectJson(HttpStatusCode.OK);
            await (await auditor.GetAsync("/api/register?page=1&pageSize=5")).ExpectJson(HttpStatusCode.OK);
            await (await auditor.GetAsync("/api/deadlines")).ExpectJsonArray(HttpStatusCode.OK);
            await (await auditor.GetAsync($"/api/escalations?state=all&incidentId={id}")).ExpectJsonArray(HttpStatusCode.OK);
            await (await auditor.GetAsync("/api/incidents?q=prepared&pageSize=5")).ExpectJson(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Reports_and_reads_keep_working_when_the_tables_change_under_the_running_service()
    {
        await ReportAndRead("before");

        foreach (var table in Tables) await Sql($"ALTER TABLE breachdesk.{table} ADD COLUMN prepared_probe int");
        await ReportAndRead("after a column was added");

        foreach (var table in Tables) await Sql($"ALTER TABLE breachdesk.{table} DROP COLUMN prepared_probe");
        await ReportAndRead("after it was dropped again");

        Assert.Equal(24, await _service.Client("dev-auditor").CountIncidents());
    }
}

/// <summary>What an operator sets: <c>BreachDesk:Database:MaxPreparedStatements</c>, and a connection string's own setting.</summary>
public class PreparedStatementsSettingTests
{
    private static int MaxAutoPrepare(string connectionString, int setting)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        BreachDesk.Infrastructure.Database.MartenConfiguration.PrepareRepeatedStatements(connection, setting);
        return connection.MaxAutoPrepare;
    }

    [Theory]
    [InlineData("Host=db;Database=breachdesk", 100, 100)]
    [InlineData("Host=db;Database=breachdesk", 0, 0)]
    [InlineData("Host=db;Database=breachdesk;Max Auto Prepare=7", 100, 7)]
    [InlineData("Host=db;Database=breachdesk;Max Auto Prepare=7", 0, 7)]
    public void The_connection_strings_own_setting_wins_and_zero_prepares_none(string connectionString, int setting, int expected) =>
        Assert.Equal(expected, MaxAutoPrepare(connectionString, setting));
}
