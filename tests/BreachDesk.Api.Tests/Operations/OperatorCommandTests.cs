using BreachDesk.Incidents;
using BreachDesk.Tests.Support;
using Npgsql;

namespace BreachDesk.Tests.Operations;

/// <summary>
/// The commands docs/operations.md documents, run as an operator runs them (<c>dotnet BreachDesk.Api.dll …</c>, a
/// process of its own, production settings): each does what the docs say, a failure says in a line or two what failed
/// and what to run, and no secret of the configuration is printed.
/// </summary>
[Collection("processes")]
public class OperatorCommandTests
{
    [Fact]
    public async Task On_an_empty_database_db_assert_and_check_env_say_in_a_few_lines_what_is_wrong_and_what_to_run()
    {
        var empty = await TestDatabase.CreateAsync();

        var (assertExit, asserted) = await ServiceProcess.RunCommandAsync(empty, ["db-assert"]);
        Assert.Equal(1, assertExit);
        var lines = Lines(asserted);
        Assert.InRange(lines.Count, 1, 2);
        Assert.Contains("missing", asserted);
        Assert.Contains("db-apply", asserted);

        var (envExit, checkedEnv) = await ServiceProcess.RunCommandAsync(empty, ["check-env"]);
        Assert.Equal(1, envExit);
        Assert.Contains(Lines(checkedEnv), line => line.StartsWith("check-env: FAILED marten://store/") && line.Contains("db-apply"));
        Assert.DoesNotContain("CREATE", checkedEnv);
        Assert.Contains("checks failed", checkedEnv);

        Assert.Equal(0, (await ServiceProcess.RunCommandAsync(empty, ["db-apply"])).ExitCode);
        var (matchExit, matched) = await ServiceProcess.RunCommandAsync(empty, ["db-assert"]);
        Assert.Equal(0, matchExit);
        Assert.Single(Lines(matched));
        Assert.Equal(0, (await ServiceProcess.RunCommandAsync(empty, ["check-env"])).ExitCode);
    }

    [Fact]
    public async Task Db_patch_and_db_dump_take_a_file_as_documented_and_cover_every_table_of_the_service()
    {
        var empty = await TestDatabase.CreateAsync();
        var folder = Directory.CreateTempSubdirectory("breachdesk-ddl-").FullName;
        var patch = Path.Combine(folder, "patch.sql");
        var dump = Path.Combine(folder, "dump.sql");

        var (patchExit, patched) = await ServiceProcess.RunCommandAsync(empty, ["db-patch", patch]);
        Assert.True(patchExit == 0, patched);
        var (dumpExit, dumped) = await ServiceProcess.RunCommandAsync(empty, ["db-dump", dump]);
        Assert.True(dumpExit == 0, dumped);

        foreach (var sql in new[] { await File.ReadAllTextAsync(patch), await File.ReadAllTextAsync(dump) })
        {
            Assert.Contains("breachdesk.mt_events", sql);                  // Marten's
            Assert.Contains("breachdesk.incident_reference_counters", sql); // ours
            Assert.Contains("breachdesk.database_identity", sql);
            Assert.Contains("wolverine_incoming_envelopes", sql);           // Wolverine's
        }
        Assert.True(File.Exists(Path.Combine(folder, "patch.drop.sql")));

        // The patch is what db-apply would run: applied by hand, the schema matches.
        await using (var connection = new NpgsqlConnection(empty))
        {
            await connection.OpenAsync();
            await using var apply = new NpgsqlCommand(await File.ReadAllTextAsync(patch), connection);
            await apply.ExecuteNonQueryAsync();
        }
        var (assertExit, asserted) = await ServiceProcess.RunCommandAsync(empty, ["db-assert"]);
        Assert.True(assertExit == 0, asserted);
    }

    [Fact]
    public async Task Describe_prints_the_configuration_with_every_password_masked()
    {
        var database = await TestDatabase.CreateAsync();
        // The test server trusts loopback, so the password is never checked; it must still never be printed.
        var withPassword = new NpgsqlConnectionStringBuilder(database) { Password = "db-pass-4f1a9" }.ConnectionString;

        var (exit, described) = await ServiceProcess.RunCommandAsync(withPassword, ["describe"], new Dictionary<string, string>
        {
            ["BreachDesk:Escalation:Smtp:Password"] = "smtp-pass-77c2",
            ["BreachDesk:Escalation:Targets:oncall-primary:0:Secret"] = "whsec-9e3d",
        });

        Assert.True(exit == 0, described);
        Assert.Contains("IConfiguration Preview", described);
        Assert.DoesNotContain("db-pass-4f1a9", described);
        Assert.DoesNotContain("smtp-pass-77c2", described);
        Assert.DoesNotContain("whsec-9e3d", described);
        Assert.Contains("****", described);
    }

    [Fact]
    public async Task Help_and_the_projection_commands_answer_plainly()
    {
        var database = await TestDatabase.CreateAsync();
        Assert.Equal(0, (await ServiceProcess.RunCommandAsync(database, ["db-apply"])).ExitCode);
        await using (var service = await RunningService.StartAsync(database))
            await service.Client().ReportedIncident();

        var (helpExit, help) = await ServiceProcess.RunCommandAsync(database, ["help", "projections"]);
        Assert.Equal(0, helpExit);
        Assert.Contains("rebuild", help);

        var (listExit, listed) = await ServiceProcess.RunCommandAsync(database, ["projections", "list"]);
        Assert.Equal(0, listExit);
        Assert.Contains("IncidentView", listed);
        Assert.DoesNotContain("Cannot override", listed);
        Assert.DoesNotContain("Searching '", listed);

        var (rebuildExit, rebuilt) = await ServiceProcess.RunCommandAsync(database, ["projections", "rebuild", "-p", "IncidentView"]);
        Assert.True(rebuildExit == 0, rebuilt);
        Assert.Contains("Finished rebuild", rebuilt);
        Assert.DoesNotContain("[purple]", rebuilt);
        Assert.DoesNotContain("[/]", rebuilt);
    }

    private static List<string> Lines(string output) =>
        output.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
}
