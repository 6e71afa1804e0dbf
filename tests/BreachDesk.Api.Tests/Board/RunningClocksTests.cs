using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Board;

/// <summary>
/// The board shows exactly the clocks that run: a clock that stops leaves it in the same commit, one that starts again
/// or moves comes back at its new due time. Asserted on the board people read, for this test's own incidents.
/// </summary>
[Collection("service")]
public class RunningClocksTests(ServiceFixture fixture)
{
    private async Task<List<JsonNode>> ClocksOf(IncidentClient incident)
    {
        var board = await (await fixture.Service.Client("dev-oncall").GetAsync("/api/deadlines?within=P3650D&limit=1000"))
            .ExpectJsonArray(HttpStatusCode.OK);
        return board.Where(e => e!["incidentId"]!.GetValue<string>() == incident.Id).Select(e => e!).ToList();
    }

    private static string[] Kinds(IEnumerable<JsonNode> clocks) => clocks.Select(c => c["kind"]!.GetValue<string>()).Order().ToArray();

    [Fact]
    public async Task Closing_removes_both_clocks_and_reopening_brings_back_those_still_running()
    {
        var incident = await IncidentClient.Reported(fixture.Service, ReportBody(discoveredAt: HoursAgo(2)));
        Assert.Equal(["dpo", "regulator"], Kinds(await ClocksOf(incident)));

        await incident.Do("dpo-notification", new { notifiedAt = Iso(HoursAgo(1)), channel = "e-mail", howItOccurred = "x", likelyImpact = "x" });
        Assert.Equal(["regulator"], Kinds(await ClocksOf(incident)));

        await incident.Do("risk-assessment", new { level = "risk", rationale = "Contact details of 300 customers." });
        await incident.Do("close", new { outcome = "Contained.", lessonsLearned = "Check recipients." });
        Assert.Empty(await ClocksOf(incident));

        await incident.Do("reopen", new { reason = "The supplier forwarded the file." });
        Assert.Equal(["regulator"], Kinds(await ClocksOf(incident)));
    }

    [Fact]
    public async Task A_risk_of_none_stops_the_regulator_clock_and_a_revised_occurrence_moves_the_others()
    {
        var discovered = HoursAgo(2);
        var incident = await IncidentClient.Reported(fixture.Service, ReportBody(discoveredAt: discovered));
        var dpoBefore = Assert.Single(await ClocksOf(incident), c => c["kind"]!.GetValue<string>() == "dpo")["dueAt"].Time();

        var occurred = discovered.AddHours(-3);
        var revised = await incident.Do("occurrence", new { occurredAt = Iso(occurred), isEstimate = false, reason = "Mail log found." });
        var dpoAfter = Assert.Single(await ClocksOf(incident), c => c["kind"]!.GetValue<string>() == "dpo");
        Assert.Equal(revised["deadlines"]!["dpo"]!["dueAt"].Time(), dpoAfter["dueAt"].Time());
        Assert.True(dpoAfter["dueAt"].Time() < dpoBefore, "the DPO clock counts from the earlier occurrence now");
        var regulator = Assert.Single(await ClocksOf(incident), c => c["kind"]!.GetValue<string>() == "regulator");
        Assert.Equal(revised["deadlines"]!["regulator"]!["dueAt"].Time(), regulator["dueAt"].Time());

        await incident.Do("risk-assessment", new { level = "none", rationale = "Encrypted, key safe." });
        Assert.Equal(["dpo"], Kinds(await ClocksOf(incident)));
    }

    [Fact]
    public async Task The_limit_keeps_the_soonest_clocks()
    {
        await IncidentClient.Reported(fixture.Service, ReportBody(discoveredAt: HoursAgo(5)));
        await IncidentClient.Reported(fixture.Service, ReportBody(discoveredAt: HoursAgo(4)));

        var all = await (await fixture.Service.Client().GetAsync("/api/deadlines?within=P3650D&limit=1000")).ExpectJsonArray(HttpStatusCode.OK);
        var first = await (await fixture.Service.Client().GetAsync("/api/deadlines?within=P3650D&limit=2")).ExpectJsonArray(HttpStatusCode.OK);
        Assert.Equal(
            all.Take(2).Select(e => (e!["incidentId"]!.GetValue<string>(), e["kind"]!.GetValue<string>())),
            first.Select(e => (e!["incidentId"]!.GetValue<string>(), e["kind"]!.GetValue<string>())));
    }

    [Fact]
    public async Task A_clock_row_written_by_the_previous_version_still_stops_when_its_clock_does()
    {
        var incident = await IncidentClient.Reported(fixture.Service, ReportBody(discoveredAt: HoursAgo(2)));
        // As the previous version stored it (decision 0026): the whole folded incident, no facts.
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"""
                UPDATE breachdesk.mt_doc_runningclock
                   SET data = (data - 'facts') || jsonb_build_object('incident', jsonb_build_object(
                       'id', split_part(id, '/', 1), 'status', 'Open', 'discoveredAt', data -> 'facts' -> 'discoveredAt',
                       'occurredAt', null, 'policy', data -> 'facts' -> 'policy', 'risk', null, 'regulatorNotifiedAt', null,
                       'reference', data ->> 'reference', 'reportedAt', data -> 'facts' -> 'discoveredAt', 'dpoNotifiedAt', null,
                       'owner', null, 'tasks', jsonb_build_object(), 'evidenceCount', 0))
                 WHERE split_part(id, '/', 1) = '{incident.Id}'
                """, connection);
            Assert.Equal(2, await command.ExecuteNonQueryAsync());
        }
        Assert.Equal(["dpo", "regulator"], Kinds(await ClocksOf(incident)));

        await incident.Do("dpo-notification", new { notifiedAt = Iso(HoursAgo(1)), channel = "e-mail", howItOccurred = "x", likelyImpact = "x" });
        Assert.Equal(["regulator"], Kinds(await ClocksOf(incident)));
        await incident.Do("risk-assessment", new { level = "none", rationale = "Encrypted, key safe." });
        Assert.Empty(await ClocksOf(incident));
    }
}
