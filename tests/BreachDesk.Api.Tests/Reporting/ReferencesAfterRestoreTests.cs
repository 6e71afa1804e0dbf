using System.Net;
using BreachDesk.Tests.Support;
using Npgsql;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Reporting;

/// <summary>
/// A reference is never issued twice, even when the year's sequence is behind the references stored: a dump restored
/// from before the sequence existed (no sequence at all), or one whose sequence stood lower (set back). A database of
/// its own, since the test moves the sequence under the service.
/// </summary>
public class ReferencesAfterRestoreTests : IAsyncLifetime
{
    private string _connection = "";
    private RunningService _service = null!;
    private static string Sequence => $"breachdesk.incident_reference_{DateTimeOffset.UtcNow.Year}";

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

    private async Task<string> Reported() => (await _service.Client().ReportedIncident())["reference"]!.GetValue<string>();

    private static long Number(string reference) => long.Parse(reference[(reference.LastIndexOf('-') + 1)..]);

    [Fact]
    public async Task A_sequence_set_back_or_missing_never_repeats_a_stored_reference()
    {
        var first = new[] { await Reported(), await Reported(), await Reported() };
        Assert.All(first, r => Assert.Matches($@"^BD-{DateTimeOffset.UtcNow.Year}-\d{{4,}}$", r));
        Assert.Equal(first.Select(Number).Order(), first.Select(Number));

        // A dump restored whose sequence stood at the first number: the next number is already stored.
        await Sql($"SELECT setval('{Sequence}', 1)");
        var afterSetBack = await Reported();
        Assert.DoesNotContain(afterSetBack, first);
        Assert.True(Number(afterSetBack) > first.Max(Number), afterSetBack);

        // A dump restored from before the sequence existed: it is created again, past every stored reference.
        await Sql($"DROP SEQUENCE {Sequence}");
        var afterDrop = await Reported();
        Assert.True(Number(afterDrop) > Number(afterSetBack), afterDrop);

        var register = await (await _service.Client("dev-auditor").GetAsync("/api/register?pageSize=1000")).ExpectJson(HttpStatusCode.OK);
        var references = register["items"]!.AsArray().Select(i => i!["reference"]!.GetValue<string>()).ToList();
        Assert.Equal(5, references.Count);
        Assert.Equal(references.Count, references.Distinct().Count());
    }
}
