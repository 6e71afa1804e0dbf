using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BreachDesk.Deadlines;
using BreachDesk.Incidents;
using BreachDesk.Reporting;
using BreachDesk.Searching;
using BreachDesk.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace BreachDesk.Tests.Searching;

/// <summary>
/// A word more incidents hold than a search counts (<see cref="IncidentSearch.CountedMatches"/>): the page is still the
/// newest matches in order, and the total says "more than"; a word fewer hold is counted exactly. A service and database
/// of their own: 1,100 incidents would change the shared collection's totals.
/// </summary>
public class CommonWordSearchTests : IAsyncLifetime
{
    private const int Seeded = IncidentSearch.CountedMatches + 100;
    private readonly string _word = "zq" + Guid.NewGuid().ToString("N")[..12];
    private RunningService _service = null!;

    /// <summary>Ids of the seeded incidents, newest report first (each reported a second before the one after it).</summary>
    private List<string> _newestFirst = [];

    public async Task InitializeAsync()
    {
        _service = await RunningService.StartAsync(await TestDatabase.CreateAsync());
        _newestFirst = await ReportedThroughTheStore(Seeded);
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    /// <summary>
    /// Reports as the service decides them (its decision, references and policy), appended through its event store in
    /// one transaction, so the views and their stored words are written as for reports over HTTP, in seconds.
    /// </summary>
    private async Task<List<string>> ReportedThroughTheStore(int count)
    {
        var store = _service.Services.GetRequiredService<IDocumentStore>();
        var references = _service.Services.GetRequiredService<IncidentReferences>();
        var policy = _service.Services.GetRequiredService<DeadlinePolicy>();
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var ids = new List<string>();
        await using var session = store.LightweightSession();
        for (var i = 0; i < count; i++)
        {
            var now = start.AddSeconds(i);
            var command = new ReportIncident($"Seeded report {i} t{i}x{_word[2..8]}", $"A {_word} spreadsheet went to the wrong supplier.",
                now.AddMinutes(-30), Source: IncidentSource.Staff, Systems: ["mail"]);
            var reported = command.Decide(Guid.CreateVersion7(now), await references.NextAsync(now, default), policy, "dev-reporter", now);
            session.Events.StartStream<Incident>(reported.IncidentId, reported);
            ids.Add(reported.IncidentId.ToString());
        }
        await session.SaveChangesAsync();
        ids.Reverse();
        return ids;
    }

    private async Task<(JsonObject Page, List<string> Ids)> Get(string query)
    {
        var page = await (await _service.Client("dev-auditor").GetAsync($"/api/incidents?{query}")).ExpectJson(HttpStatusCode.OK);
        return (page, page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList());
    }

    [Fact]
    public async Task A_word_every_incident_holds_lists_the_newest_first_and_says_more_match_than_it_counted()
    {
        var (first, ids) = await Get($"status=all&q={_word}");
        Assert.Equal(_newestFirst.Take(50), ids);
        Assert.Equal(IncidentSearch.CountedMatches, first["total"]!.GetValue<long>());
        Assert.False(first["totalIsExact"]!.GetValue<bool>());

        // The next page by cursor and by number are the next 50, as in the list.
        var (_, byCursor) = await Get($"status=all&q={_word}&after={first["next"]!.GetValue<string>()}");
        var (_, byNumber) = await Get($"status=all&q={_word}&page=2");
        Assert.Equal(_newestFirst.Skip(50).Take(50), byCursor);
        Assert.Equal(byCursor, byNumber);

        // The same with the list's default status (open): all of them are open.
        Assert.Equal(_newestFirst.Take(50), (await Get($"q={_word}")).Ids);
        // The unsearched list counts every incident exactly.
        var (all, _) = await Get("status=all&pageSize=1");
        Assert.Equal(Seeded, all["total"]!.GetValue<long>());
        Assert.True(all["totalIsExact"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_word_few_incidents_hold_is_counted_exactly_and_combines_with_the_status_and_the_reference()
    {
        var fifth = _newestFirst[^6];
        var (page, ids) = await Get($"status=all&q=t5x{_word[2..8]}");
        Assert.Equal([fifth], ids);
        Assert.Equal(1, page["total"]!.GetValue<long>());
        Assert.True(page["totalIsExact"]!.GetValue<bool>());

        var dpo = _service.Client("dev-dpo");
        var closed = new[] { _newestFirst[10], _newestFirst[700] };
        foreach (var id in closed)
        {
            (await dpo.PostAsJsonAsync($"/api/incidents/{id}/risk-assessment", new { level = "none", rationale = "No personal data." })).EnsureSuccessStatusCode();
            (await dpo.PostAsJsonAsync($"/api/incidents/{id}/close", new { outcome = "Not a breach.", lessonsLearned = "None." })).EnsureSuccessStatusCode();
        }

        var (closedPage, closedIds) = await Get($"status=closed&q={_word}");
        Assert.Equal(closed, closedIds);
        Assert.Equal(2, closedPage["total"]!.GetValue<long>());
        Assert.True(closedPage["totalIsExact"]!.GetValue<bool>());
        Assert.DoesNotContain(closed[0], (await Get($"status=open&q={_word}")).Ids);

        var reference = (await (await dpo.GetAsync($"/api/incidents/{fifth}")).ExpectJson(HttpStatusCode.OK))["reference"]!.GetValue<string>();
        var (byReference, referenceIds) = await Get($"status=all&reference={reference}&q={_word}");
        Assert.Equal([fifth], referenceIds);
        Assert.Equal(1, byReference["total"]!.GetValue<long>());
    }
}
