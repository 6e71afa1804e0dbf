using System.Net;
using System.Net.Http.Json;
using BreachDesk.Tests.Support;
using JasperFx;
using Npgsql;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Listing;

/// <summary>
/// The list's and the register's totals come from counts per status that triggers keep (Listing/IncidentStatusCounts),
/// not from counting the incidents: they must still be exactly what is there, through concurrent reports, a status
/// change and a projection rebuild. A database of its own: its totals are asserted whole.
/// </summary>
public class StatusCountTests
{
    private static async Task<Dictionary<string, long>> CountedInTheDatabase(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT lower(status), count(*) FROM breachdesk.mt_doc_incidentview GROUP BY status", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<string, long> { ["open"] = 0, ["closed"] = 0 };
        while (await reader.ReadAsync()) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    private static async Task TotalsAreExact(RunningService service, string database, long expectedAll)
    {
        var counted = await CountedInTheDatabase(database);
        Assert.Equal(expectedAll, counted["open"] + counted["closed"]);
        var client = service.Client("dev-dpo");
        foreach (var (route, status, expected) in new[]
                 {
                     ("/api/register", "all", expectedAll), ("/api/register", "open", counted["open"]), ("/api/register", "closed", counted["closed"]),
                     ("/api/incidents", "all", expectedAll), ("/api/incidents", "open", counted["open"]),
                 })
        {
            var page = await (await client.GetAsync($"{route}?status={status}&pageSize=1")).ExpectJson(HttpStatusCode.OK);
            Assert.True(expected == page["total"]!.GetValue<long>(), $"{route}?status={status}: total {page["total"]}, {expected} in the database");
        }
    }

    [Fact]
    public async Task Totals_stay_exact_through_concurrent_reports_a_close_and_a_rebuild()
    {
        var database = await TestDatabase.CreateAsync();
        string closed;
        await using (var service = await RunningService.StartAsync(database))
        {
            // 16 at once: the counts' rows are shared, and no increment may be lost to another's.
            var reported = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => service.Client().ReportedIncident()));
            closed = reported[3]["id"]!.GetValue<string>();
            (await service.Client("dev-dpo").PostAsJsonAsync($"/api/incidents/{closed}/risk-assessment",
                new { level = "none", rationale = "No personal data." })).EnsureSuccessStatusCode();
            (await service.Client("dev-dpo").PostAsJsonAsync($"/api/incidents/{closed}/close",
                new { outcome = "Not a breach.", lessonsLearned = "None." })).EnsureSuccessStatusCode();
            await TotalsAreExact(service, database, 16);
            Assert.Equal(1, (await CountedInTheDatabase(database))["closed"]);
        }

        // A rebuild empties the views and writes them again from the events.
        Assert.Equal(0, await RunningService.RunCommandAsync(database, "projections", "rebuild", "--shard-timeout", "5m"));

        await using (var service = await RunningService.StartAsync(database))
        {
            await TotalsAreExact(service, database, 16);
            // The stored words are written again with the views.
            var found = await (await service.Client("dev-dpo").GetAsync("/api/incidents?status=closed&q=spreadsheet")).ExpectJson(HttpStatusCode.OK);
            Assert.Equal([closed], found["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        }
    }
}
