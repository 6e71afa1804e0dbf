using System.Net;
using System.Net.Http.Json;
using BreachDesk.Infrastructure.Database;
using BreachDesk.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Npgsql;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Escalating;

/// <summary>
/// A fact that stops or moves a clock re-plans the incident's escalations in the command's own transaction (decision
/// 0029): what a person reads right after the answer is already the consequence, and the sweeper is left nothing.
/// </summary>
public class ClockFactsReplanInTheCommandTests
{
    private const string Secret = "whsec-replan-5c1e";
    private const string S = MartenConfiguration.Schema;

    /// <summary>A webhook for the deputy DPO (level 3 and up by default): the report-time level 1 pages nobody.</summary>
    private static Action<WebApplicationBuilder> Deputy(AlertReceiver webhook) => builder =>
    {
        builder.Configuration["BreachDesk:Escalation:Targets:dpo-deputy:0:Channel"] = "webhook";
        builder.Configuration["BreachDesk:Escalation:Targets:dpo-deputy:0:Url"] = webhook.Url;
        builder.Configuration["BreachDesk:Escalation:Targets:dpo-deputy:0:Secret"] = Secret;
    };

    [Fact]
    public async Task Recording_the_dpo_notice_resolves_the_open_dpo_escalation_before_the_answer_and_leaves_the_sweeper_no_signal()
    {
        await using var webhook = await AlertReceiver.StartAsync(Secret);
        var database = await TestDatabase.CreateAsync();
        await using var service = await RunningService.StartAsync(database, Deputy(webhook));
        var id = (await service.Client().ReportedIncident(ReportBody(discoveredAt: HoursAgo(1))))["id"]!.GetValue<string>();

        // The report planned its report-time escalation itself (the default policy has one, on the DPO clock).
        Assert.Equal(["dpo:open"], await Escalations(service, id));

        // Every replan signal written from here on is counted, whoever deletes it afterwards.
        await TestDatabase.Execute(database,
            $"""
             CREATE TABLE {S}.test_signals_seen (incident_id uuid);
             CREATE FUNCTION {S}.test_signal_seen() RETURNS trigger LANGUAGE plpgsql AS
               $f$ BEGIN INSERT INTO {S}.test_signals_seen VALUES (NEW.incident_id); RETURN NEW; END $f$;
             CREATE TRIGGER test_signal_seen AFTER INSERT ON {S}.escalation_replans FOR EACH ROW EXECUTE FUNCTION {S}.test_signal_seen();
             """);

        var noticed = await service.Client().PostAsJsonAsync($"/api/incidents/{id}/dpo-notification",
            new { notifiedAt = Iso(DateTimeOffset.UtcNow), channel = "e-mail", howItOccurred = "Misaddressed e-mail.", likelyImpact = "Low." });
        Assert.Equal(HttpStatusCode.OK, noticed.StatusCode);

        // Read at once after the answer: the DPO clock's escalation is resolved, and can no longer be acknowledged.
        Assert.Equal(["dpo:resolved"], await Escalations(service, id));
        var escalation = (await (await service.Client("dev-oncall").GetAsync($"/api/escalations?state=all&incidentId={id}")).ExpectJsonArray(HttpStatusCode.OK)).Single()!;
        Assert.Equal(HttpStatusCode.Conflict, (await service.Client("dev-oncall").PostAsync($"/api/escalations/{escalation["id"]}/ack", null)).StatusCode);
        Assert.Equal(0, await Scalar(database, $"SELECT count(*) FROM {S}.test_signals_seen"));
        Assert.Equal(0, await Scalar(database, $"SELECT count(*) FROM {S}.escalation_replans"));

        // The deputy was never paged about the DPO clock (the report-time level 1 alerted nobody), so it is not told
        // that the clock stopped (decision 0035): no alert, no envelope, and nothing after the command's transaction.
        Assert.Equal(0, await Scalar(database, $"SELECT count(*) FROM {S}.wolverine_incoming_envelopes"));
        Assert.Equal(0, await Scalar(database, $"SELECT count(*) FROM {S}.wolverine_outgoing_envelopes"));

        // A second notice (a correction, say) finds nothing left to resolve and sends nothing more.
        var again = await service.Client().PostAsJsonAsync($"/api/incidents/{id}/dpo-notification",
            new { notifiedAt = Iso(DateTimeOffset.UtcNow), channel = "phone", howItOccurred = "Misaddressed e-mail.", likelyImpact = "Low." });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(["dpo:resolved"], await Escalations(service, id));
        Assert.Equal(0, await Scalar(database, $"SELECT count(*) FROM {S}.test_signals_seen"));
        // The incident's version counts people's facts only: the report and the two notices.
        var view = await (await service.Client().GetAsync($"/api/incidents/{id}")).ExpectJson(HttpStatusCode.OK);
        Assert.Equal(3, view["version"]!.GetValue<int>());
        Assert.Empty(webhook.Deliveries);
    }

    /// <summary>
    /// Issue 12's "per command on an existing incident at most 2 commits", counted in the database: every transaction
    /// that writes an event, a view, a wake-up or an envelope names itself in a table, from the DPO notice until the
    /// service has had time to act on it. With nobody paged about the clock it stopped, the notice is one transaction.
    /// </summary>
    [Fact]
    public async Task A_dpo_notice_on_an_incident_whose_escalations_paged_nobody_is_one_transaction_and_writes_no_envelope()
    {
        await using var webhook = await AlertReceiver.StartAsync(Secret);
        var database = await TestDatabase.CreateAsync();
        await using var service = await RunningService.StartAsync(database, Deputy(webhook));
        var id = (await service.Client().ReportedIncident(ReportBody(discoveredAt: HoursAgo(1))))["id"]!.GetValue<string>();
        Assert.Equal(["dpo:open"], await Escalations(service, id));

        string[] written = ["mt_events", "mt_streams", "mt_doc_incidentview", "mt_doc_escalationview", "escalation_wakeups", "escalation_replans",
            "wolverine_incoming_envelopes", "wolverine_outgoing_envelopes"];
        await TestDatabase.Execute(database,
            $"""
             CREATE TABLE {S}.test_writers (xid xid8, relation text);
             CREATE FUNCTION {S}.test_writer() RETURNS trigger LANGUAGE plpgsql AS
               $f$ BEGIN INSERT INTO {S}.test_writers VALUES (pg_current_xact_id(), TG_TABLE_NAME); RETURN NULL; END $f$;
             """ + string.Concat(written.Select(t =>
                $"CREATE TRIGGER test_writer AFTER INSERT OR UPDATE OR DELETE ON {S}.{t} FOR EACH ROW EXECUTE FUNCTION {S}.test_writer();\n")));

        var noticed = await service.Client().PostAsJsonAsync($"/api/incidents/{id}/dpo-notification",
            new { notifiedAt = Iso(DateTimeOffset.UtcNow), channel = "e-mail", howItOccurred = "Misaddressed e-mail.", likelyImpact = "Low." });
        Assert.Equal(HttpStatusCode.OK, noticed.StatusCode);
        Assert.Equal(["dpo:resolved"], await Escalations(service, id));
        // Long enough for an alert to be handled and marked so (the outbox hands a local envelope on at once).
        await Task.Delay(TimeSpan.FromSeconds(3));

        // The notice's transaction wrote the event, the view, the log's resolution and the wake-up: one transaction.
        Assert.Equal(1, await Scalar(database, $"SELECT count(DISTINCT xid) FROM {S}.test_writers"));
        Assert.Equal(1, await Scalar(database, $"SELECT count(*) FROM {S}.test_writers WHERE relation = 'mt_doc_incidentview'"));
        Assert.Equal(0, await Scalar(database, $"SELECT count(*) FROM {S}.test_writers WHERE relation LIKE 'wolverine%'"));
        Assert.Empty(webhook.Deliveries);
    }

    private static async Task<List<string>> Escalations(RunningService service, string id)
    {
        var all = await (await service.Client("dev-oncall").GetAsync($"/api/escalations?state=all&incidentId={id}")).ExpectJsonArray(HttpStatusCode.OK);
        return all.Select(e => $"{e!["deadline"]!.ToString().ToLowerInvariant()}:{e["status"]!.GetValue<string>()}").Order().ToList();
    }

    private static async Task<long> Scalar(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        return Convert.ToInt64(await new NpgsqlCommand(sql, connection).ExecuteScalarAsync());
    }
}
