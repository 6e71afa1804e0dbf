using System.Net;
using System.Text.Json.Nodes;
using BreachDesk.Tests.Support;
using Npgsql;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Auditing;

[Collection("service")]
public class AuditTrailTests(ServiceFixture fixture)
{
    private readonly RunningService _service = fixture.Service;

    private async Task<IncidentClient> IncidentWithThreeEvents()
    {
        var incident = await IncidentClient.Reported(_service);
        await incident.Do("dpo-notification", new { notifiedAt = Iso(HoursAgo(0.5)), channel = "email", howItOccurred = "Misaddressed.", likelyImpact = "Low." });
        await incident.Do("containment", new { action = "Recipient deleted the e-mail.", takenAt = Iso(HoursAgo(0.25)) });
        return incident;
    }

    private async Task<JsonObject> Audit(string id, string key = "dev-auditor") =>
        await (await _service.Client(key).GetAsync($"/api/incidents/{id}/audit")).ExpectJson(HttpStatusCode.OK);

    private async Task Sql(string sql, string id, int rowsChanged = 1)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", Guid.Parse(id));
        Assert.Equal(rowsChanged, await command.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task An_untouched_incident_shows_its_raw_events_with_metadata_and_an_intact_chain()
    {
        var incident = await IncidentWithThreeEvents();

        var audit = await Audit(incident.Id);

        Assert.True(audit["intact"]!.GetValue<bool>());
        Assert.Null(audit["brokenAtVersion"]);
        var events = audit["events"]!.AsArray();
        Assert.Equal([1L, 2L, 3L], events.Select(e => e!["version"]!.GetValue<long>()));
        Assert.Equal(["incident_reported", "dpo_notified", "containment_action_taken"], events.Select(e => e!["type"]!.GetValue<string>()));
        Assert.All(events, e =>
        {
            Assert.True(e!["sequence"]!.GetValue<long>() > 0);
            Assert.False(string.IsNullOrEmpty(e["correlationId"]?.GetValue<string>()));
            Assert.Equal(e["hash"]!.GetValue<string>(), e["recordedHash"]!.GetValue<string>());
            Assert.True(e["timestamp"]!.Time() <= DateTimeOffset.UtcNow);
        });
        Assert.Equal(["dev-reporter", "dev-dpo", "dev-dpo"], events.Select(e => e!["actor"]!.GetValue<string>()));
        Assert.Equal("email", events[1]!["data"]!["channel"]!.GetValue<string>());
        Assert.Equal(events[2]!["hash"]!.GetValue<string>(), audit["head"]!.GetValue<string>());
        // Each link depends on the one before: no two are equal.
        Assert.Equal(3, events.Select(e => e!["hash"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public async Task Editing_an_events_data_in_the_database_behind_the_services_back_is_detected_at_that_version()
    {
        var edited = await IncidentWithThreeEvents();
        var untouched = await IncidentWithThreeEvents();

        await Sql("""
                  UPDATE breachdesk.mt_events SET data = jsonb_set(data, '{channel}', '"in person"')
                  WHERE stream_id = @id AND version = 2
                  """, edited.Id);

        var audit = await Audit(edited.Id, "dev-dpo");
        Assert.False(audit["intact"]!.GetValue<bool>());
        Assert.Equal(2, audit["brokenAtVersion"]!.GetValue<long>());
        Assert.Contains("version 2", audit["finding"]!.GetValue<string>());
        // The auditor sees what is stored now, edit included.
        Assert.Equal("in person", audit["events"]![1]!["data"]!["channel"]!.GetValue<string>());
        Assert.True((await Audit(untouched.Id))["intact"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Moving_an_events_time_is_detected()
    {
        var incident = await IncidentWithThreeEvents();

        await Sql("UPDATE breachdesk.mt_events SET timestamp = timestamp - interval '1 day' WHERE stream_id = @id AND version = 1", incident.Id);

        var audit = await Audit(incident.Id);
        Assert.False(audit["intact"]!.GetValue<bool>());
        Assert.Equal(1, audit["brokenAtVersion"]!.GetValue<long>());
    }

    [Fact]
    public async Task Deleting_an_event_is_detected_at_the_missing_version()
    {
        var incident = await IncidentWithThreeEvents();

        await Sql("DELETE FROM breachdesk.mt_events WHERE stream_id = @id AND version = 3", incident.Id);

        var audit = await Audit(incident.Id);
        Assert.False(audit["intact"]!.GetValue<bool>());
        Assert.Equal(3, audit["brokenAtVersion"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_edit_that_also_rewrites_its_own_link_still_breaks_the_next_one()
    {
        var incident = await IncidentWithThreeEvents();

        // The forger edits version 2 and recomputes its link with the published formula, but leaves version 3's link alone.
        await Sql("""
                  UPDATE breachdesk.mt_events SET data = jsonb_set(data, '{channel}', '"in person"') WHERE stream_id = @id AND version = 2;
                  UPDATE breachdesk.event_hash_chain c SET hash = sha256(p.hash || convert_to(
                      e.stream_id::text || E'\n' || e.version::text || E'\n' || e.type || E'\n' || e.data::text || E'\n' ||
                      (extract(epoch FROM e.timestamp) * 1000000)::bigint::text, 'UTF8'))
                  FROM breachdesk.mt_events e, breachdesk.event_hash_chain p
                  WHERE c.stream_id = @id AND c.version = 2 AND e.stream_id = c.stream_id AND e.version = 2
                    AND p.stream_id = c.stream_id AND p.version = 1
                  """, incident.Id, rowsChanged: 2);

        var audit = await Audit(incident.Id);
        Assert.False(audit["intact"]!.GetValue<bool>());
        Assert.Equal(3, audit["brokenAtVersion"]!.GetValue<long>());
    }

    [Fact]
    public async Task Text_beyond_ascii_escapes_and_fractional_numbers_hash_alike_in_postgresql_and_in_the_check()
    {
        var incident = await IncidentClient.Reported(_service, new
        {
            title = "Café – 東京 \"quoted\" 😀", description = "Line one\nline two\ttab \\ backslash", discoveredAt = Iso(HoursAgo(1)),
        });
        await incident.Do("impact", new
        {
            breachTypes = new[] { "confidentiality", "integrity" }, dataCategories = new[] { "financial", "children" },
            approxDataSubjects = 12345, approxRecords = 99999, identifiability = "significant", countries = new[] { "GB", "IE" },
        }, "dev-reporter");

        var audit = await Audit(incident.Id);

        Assert.True(audit["intact"]!.GetValue<bool>(), audit["finding"]?.ToString());
        Assert.Equal("Café – 東京 \"quoted\" 😀", audit["events"]![0]!["data"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_incident_is_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _service.Client("dev-auditor").GetAsync($"/api/incidents/{Guid.NewGuid()}/audit")).StatusCode);
    }
}
