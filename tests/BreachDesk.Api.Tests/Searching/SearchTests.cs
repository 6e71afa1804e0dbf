using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Searching;

/// <summary>
/// Finding an incident again: by a word of what was reported or noted (<c>q</c>), by its reference, by its owner.
/// The collection's database is shared, so each test reports incidents with a word of its own.
/// </summary>
[Collection("service")]
public class SearchTests(ServiceFixture fixture)
{
    private static string Word() => "zq" + Guid.NewGuid().ToString("N")[..12];

    private async Task<JsonObject> Report(string title, string description, params string[] systems)
    {
        var response = await fixture.Service.Client().PostAsJsonAsync("/api/incidents", new
        {
            title, description, discoveredAt = Iso(HoursAgo(1)), source = "staff", systems,
        });
        return await response.ExpectJson(HttpStatusCode.Created);
    }

    private async Task<List<string>> Found(string query, string key = "dev-auditor")
    {
        var page = await (await fixture.Service.Client(key).GetAsync($"/api/incidents?status=all&{query}")).ExpectJson(HttpStatusCode.OK);
        var ids = page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(ids.Count, page["total"]!.GetValue<long>());
        return ids;
    }

    private static string Id(JsonObject incident) => incident["id"]!.GetValue<string>();

    [Fact]
    public async Task A_word_of_the_description_finds_the_incident_and_its_plural_finds_it_too()
    {
        var word = Word();
        var laptops = await Report("Stolen kit", $"Two laptops {word} were taken from a car.");
        await Report("Misdirected e-mail", $"The {word}'s spreadsheet went to the wrong supplier.");

        Assert.Contains(Id(laptops), await Found($"q={Uri.EscapeDataString($"laptop {word}")}"));
        Assert.Equal(2, (await Found($"q={word}")).Count);
        Assert.Equal([Id(laptops)], await Found($"q={Uri.EscapeDataString($"{word} stolen")}"));
    }

    [Fact]
    public async Task A_word_of_a_note_finds_the_incident_once_the_note_is_added()
    {
        var word = Word();
        var incident = await Report("Lost badge", "A visitor badge was lost.");
        Assert.Empty(await Found($"q={word}"));

        await new IncidentClient(fixture.Service, Id(incident)).Do("notes", new { text = $"The badge was found in the {word} meeting room." });

        Assert.Equal([Id(incident)], await Found($"q={word}"));
    }

    [Fact]
    public async Task A_view_written_before_its_search_text_was_dropped_is_found_by_its_old_and_new_notes()
    {
        var (before, after) = (Word(), Word());
        var incident = new IncidentClient(fixture.Service, Id(await Report("Lost phone", "A phone was lost.", "mdm")));
        await incident.Do("notes", new { text = $"Seen last in the {before} lobby." });
        // As the previous version stored the view (decision 0030): every searched field and note in searchText, the
        // policy as an object, the due times in the JSON.
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"""
                UPDATE breachdesk.mt_doc_incidentview
                   SET data = (data - 'notesText') || jsonb_build_object(
                       'searchText', concat_ws(E'\n', data ->> 'reference', data ->> 'title', data ->> 'description', 'mdm', data ->> 'notesText'),
                       'policy', jsonb_build_object('dpoNoticeWithin', '06:00:00', 'regulatorNoticeWithin', '3.00:00:00', 'statutoryRegulatorNoticeWithin', '3.00:00:00'),
                       'dpoDueAt', '2000-01-01T00:00:00+00:00', 'owner', null, 'tasks', jsonb_build_array())
                 WHERE id = '{incident.Id}'
                """, connection);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        Assert.Equal([incident.Id], await Found($"q={before}"));

        var view = await incident.Do("notes", new { text = $"Handed in at the {after} desk." });

        Assert.Equal([incident.Id], await Found($"q={before}"));
        Assert.Equal([incident.Id], await Found($"q={after}"));
        Assert.Equal([incident.Id], await Found("q=mdm+phone&reference=" + view["reference"]!.GetValue<string>()));
        // The due times are the rule's, not what the old row held.
        Assert.Equal(view["discoveredAt"]!.GetValue<DateTimeOffset>().AddHours(6), view["deadlines"]!["dpo"]!["dueAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task A_system_name_and_the_reference_find_exactly_that_incident()
    {
        var word = Word();
        var system = $"hr-db-{word}";
        var mine = await Report("Exposed backup", "A backup was readable from the internet.", system, "payroll.example.com");
        await Report("Exposed backup", "A backup was readable from the internet.", $"hr-db-{Word()}");
        var reference = mine["reference"]!.GetValue<string>();

        Assert.Equal([Id(mine)], await Found($"q={system}"));
        Assert.Equal([Id(mine)], await Found($"q={Uri.EscapeDataString(reference)}"));
        Assert.Equal([Id(mine)], await Found($"reference={reference.ToLowerInvariant()}"));
        Assert.Equal([Id(mine)], await Found($"reference={reference}&q={system}"));
    }

    [Fact]
    public async Task Owner_finds_the_incidents_a_person_owns_and_combines_with_the_status()
    {
        var owner = "sam." + Word();
        var open = new IncidentClient(fixture.Service, Id(await Report("One", "First incident.")));
        var closed = new IncidentClient(fixture.Service, Id(await Report("Two", "Second incident.")));
        await Report("Three", "Nobody's incident.");
        await open.Do("assignment", new { owner });
        await closed.Do("assignment", new { owner });
        await closed.Do("risk-assessment", new { level = "none", rationale = "Nothing left the building." });
        await closed.Do("close", new { outcome = "contained", lessonsLearned = "Lock the room." });

        Assert.Equal([closed.Id, open.Id], await Found($"owner={owner}"));
        var openOnly = await (await fixture.Service.Client("dev-auditor").GetAsync($"/api/incidents?owner={owner}")).ExpectJson(HttpStatusCode.OK);
        Assert.Equal([open.Id], openOnly["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task No_match_is_an_empty_list_and_an_unknown_reference_too()
    {
        Assert.Empty(await Found($"q={Word()}"));
        Assert.Empty(await Found("reference=BD-1999-9999"));
        Assert.Empty(await Found("q=the")); // only a stop word: nothing to look for, nothing found
    }

    [Theory]
    [InlineData("q=", "q")]
    [InlineData("q=%20%20", "q")]
    [InlineData("reference=2026-0002", "reference")]
    [InlineData("reference=BD-2026-0002%27%20OR%201%3D1", "reference")]
    [InlineData("owner=", "owner")]
    public async Task Bad_search_terms_are_a_problem_naming_the_field(string query, string field)
    {
        var response = await fixture.Service.Client("dev-auditor").GetAsync($"/api/incidents?{query}");
        var problem = await response.ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Words_longer_than_a_sentence_are_a_problem_naming_q()
    {
        var response = await fixture.Service.Client("dev-auditor").GetAsync($"/api/incidents?q={new string('a', 201)}");
        Assert.NotNull((await response.ExpectJson(HttpStatusCode.BadRequest))["errors"]!["q"]);
    }

    [Fact]
    public async Task Search_results_page_like_the_list()
    {
        var word = Word();
        for (var i = 0; i < 3; i++) await Report($"Incident {i}", $"Shared word {word}.");

        var client = fixture.Service.Client("dev-auditor");
        var response = await client.GetAsync($"/api/incidents?q={word}&pageSize=2");
        var first = await response.ExpectJson(HttpStatusCode.OK);
        Assert.Equal(3, first["total"]!.GetValue<long>());
        Assert.Equal(2, first["items"]!.AsArray().Count);
        var link = Assert.Single(response.Headers.GetValues("Link"));
        var second = await (await client.GetAsync(link[1..link.IndexOf('>')])).ExpectJson(HttpStatusCode.OK);
        Assert.Single(second["items"]!.AsArray());
        Assert.Null(second["next"]);
    }
}
