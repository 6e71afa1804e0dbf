using System.Net;
using System.Text.Json.Nodes;
using BreachDesk.Infrastructure.Database;
using BreachDesk.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Drafting;

/// <summary>
/// Drafts are rendered when they are read, so they are never behind the facts; a version is stored only when a read
/// finds new text, once however many read at the same moment, and commands write no drafts at all.
/// </summary>
[Collection("drafting")]
public class DraftVersionTests(DraftingFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_draft_read_right_after_closing_says_closed()
    {
        var incident = await Reported("Invoice sent to the wrong customer");
        var open = await fixture.Service.Sections(incident.Id, "dpo-notice");
        Assert.Contains("Status: open", await fixture.Service.Markdown(incident.Id, "dpo-notice"));

        await incident.Do("risk-assessment", new { level = "risk", rationale = "One invoice with a name and an address." });
        var closing = await incident.Do("close", new { outcome = "The customer deleted the invoice.", lessonsLearned = "Check the address before sending." });

        // No waiting: the very next read renders the closed incident.
        Assert.Contains("Status: closed", await fixture.Service.Markdown(incident.Id, "dpo-notice"));
        var closed = await fixture.Service.Sections(incident.Id, "dpo-notice");
        Assert.True(Version(closed) > Version(open), $"version {Version(open)} then {Version(closed)}");
        Assert.True(closed["incidentVersion"]!.GetValue<long>() >= closing["version"]!.GetValue<long>(), closed.ToJsonString());
    }

    [Fact]
    public async Task Commands_write_no_drafts_and_a_read_stores_a_version_only_of_new_text()
    {
        var incident = await Reported("Backup tape missing from the courier's van");
        Assert.Equal(0, await fixture.Service.StoredVersions(incident.Id));

        var first = await fixture.Service.CurrentDrafts(incident.Id);
        Assert.All(DraftApi.Kinds, kind => Assert.Equal(1, Version(first[kind])));
        Assert.Equal(3, await fixture.Service.StoredVersions(incident.Id));
        await fixture.Service.CurrentDrafts(incident.Id);
        Assert.Equal(3, await fixture.Service.StoredVersions(incident.Id));

        await incident.Do("containment", new { action = "Asked the courier to search the depot.", takenAt = Iso(DraftScenarios.Now.AddMinutes(-30)) }, "dev-oncall");
        Assert.Equal(3, await fixture.Service.StoredVersions(incident.Id));

        // Every draft lists containment, so each gets its second version, with its own time of first production.
        var list = await (await fixture.Service.Client("dev-auditor").GetAsync($"/api/incidents/{incident.Id}/drafts")).ExpectJsonArray(HttpStatusCode.OK);
        Assert.Equal(DraftApi.Kinds, list.Select(d => d!["kind"]!.GetValue<string>()));
        Assert.All(list, d => Assert.Equal(2, d!["version"]!.GetValue<int>()));
        Assert.Equal(6, await fixture.Service.StoredVersions(incident.Id));
        Assert.Contains("Asked the courier to search the depot.", await fixture.Service.Markdown(incident.Id, "regulator"));

        // Earlier versions stay for the record.
        Assert.Equal(2, await fixture.Service.StoredVersions(incident.Id, "regulator"));
    }

    [Fact]
    public async Task Concurrent_reads_after_a_change_store_exactly_one_new_version()
    {
        var incident = await Reported("Shared mailbox opened to every employee");
        var before = Version(await fixture.Service.Sections(incident.Id, "regulator"));
        await incident.Do("impact", new
        {
            breachTypes = new[] { "confidentiality" }, dataCategories = new[] { "contact", "financial" },
            approxDataSubjects = 90, identifiability = "maximum", countries = new[] { "GB" },
        }, "dev-reporter");

        // Readers with their connections open, let go at once, so that several find the new text and race to store it.
        var readers = Enumerable.Range(0, 12).Select(_ => fixture.Service.Client("dev-auditor")).ToList();
        foreach (var reader in readers) await reader.GetAsync("/health/live");
        var go = new TaskCompletionSource();
        var racing = readers.Select(async reader =>
        {
            await go.Task;
            return await (await reader.GetAsync($"/api/incidents/{incident.Id}/drafts/regulator")).ExpectJson(HttpStatusCode.OK);
        }).ToList();
        go.SetResult();
        var reads = await Task.WhenAll(racing);

        Assert.All(reads, read => Assert.Equal(before + 1, Version(read)));
        Assert.Single(reads.Select(read => read["generatedAt"]!.GetValue<string>()).Distinct());
        Assert.Equal(2, await fixture.Service.StoredVersions(incident.Id, "regulator"));
    }

    [Fact]
    public async Task A_fact_that_changes_no_draft_text_keeps_the_versions()
    {
        var incident = await Reported("Printout left in a meeting room");
        var impact = new
        {
            breachTypes = new[] { "confidentiality" }, dataCategories = new[] { "contact" }, approxDataSubjects = 40,
            identifiability = "maximum", countries = new[] { "GB" },
        };
        await incident.Do("impact", impact, "dev-reporter");
        var first = await fixture.Service.CurrentDrafts(incident.Id);

        // The same impact again: a new event, but the drafts say exactly what they said.
        await incident.Do("impact", impact, "dev-reporter");
        var second = await fixture.Service.CurrentDrafts(incident.Id);

        Assert.All(DraftApi.Kinds, kind =>
        {
            Assert.Equal(Version(first[kind]), Version(second[kind]));
            Assert.Equal(first[kind]["generatedAt"]!.GetValue<string>(), second[kind]["generatedAt"]!.GetValue<string>());
        });
        Assert.Equal(3, await fixture.Service.StoredVersions(incident.Id));
    }

    [Fact]
    public async Task A_burst_of_concurrent_commands_and_reads_on_one_incident_leaves_no_dead_letter()
    {
        var incident = await Reported("Phishing e-mail opened by a payroll clerk");
        var actions = Enumerable.Range(1, 16).Select(n => $"Containment step {n} of the burst.").ToList();

        var commands = actions.Select(action => incident.Post("containment", new { action, takenAt = Iso(DraftScenarios.Now.AddMinutes(-10)) }, "dev-oncall"));
        var reads = DraftApi.Kinds.SelectMany(kind => Enumerable.Range(0, 4).Select(_ => fixture.Service.GetDraft(incident.Id, kind, "text/markdown")));
        var commandResults = Task.WhenAll(commands);
        var readResults = await Task.WhenAll(reads);
        var answered = await commandResults;

        // People's commands may collide with each other (409, read again and retry); nothing may fail.
        Assert.All(answered, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"command answered {(int)r.StatusCode}"));
        Assert.All(readResults, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var accepted = actions.Where((_, i) => answered[i].StatusCode == HttpStatusCode.OK).ToList();
        Assert.NotEmpty(accepted);

        var dpoNotice = await fixture.Service.Markdown(incident.Id, "dpo-notice");
        Assert.All(accepted, action => Assert.Contains(action, dpoNotice));

        await BackgroundWorkDrained();
        var deadLetters = await (await fixture.Service.Client("dev-admin").GetAsync("/api/escalations/dead-letters")).ExpectJsonArray(HttpStatusCode.OK);
        Assert.True(deadLetters.Count == 0, deadLetters.ToJsonString());
    }

    private Task<IncidentClient> Reported(string title) => IncidentClient.Reported(fixture.Service, new
    {
        title, description = $"{title}: details to follow.", discoveredAt = Iso(DraftScenarios.Now.AddHours(-2)), source = "staff",
    });

    /// <summary>
    /// Waits until the service has handled every queued message and, where incident events are relayed to background
    /// handlers, relayed every event: only then could a handler have dead-lettered something. Twice in a row, since a
    /// handled message may queue another.
    /// </summary>
    private async Task BackgroundWorkDrained()
    {
        const string S = MartenConfiguration.Schema;
        var database = fixture.Service.Services.GetRequiredService<NpgsqlDataSource>();
        var giveUpAt = DateTime.UtcNow + Patience;
        for (var quiet = 0; quiet < 2;)
        {
            await using var command = database.CreateCommand(
                $"""
                 SELECT (SELECT count(*) FROM {S}.wolverine_incoming_envelopes WHERE status = 'Incoming')
                      + coalesce((SELECT max(seq_id) FROM {S}.mt_events)
                                 - (SELECT last_seq_id FROM {S}.mt_event_progression WHERE name = 'incident-events:All'), 0)
                 """);
            var outstanding = (long)(await command.ExecuteScalarAsync())!;
            quiet = outstanding == 0 ? quiet + 1 : 0;
            if (DateTime.UtcNow > giveUpAt) Assert.Fail($"Background work still outstanding after {Patience.TotalSeconds} s: {outstanding}");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private static int Version(JsonObject draft) => draft["version"]!.GetValue<int>();
}
