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
        await Execute(database,
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

        // The deputy hears that the DPO clock stopped, sent from the command's own outbox, once.
        var stopped = await webhook.WaitFor(d => d.Body["incidentId"]!.GetValue<string>() == id && d.Body["type"]!.GetValue<string>() == "deadline.stopped",
            TimeSpan.FromSeconds(30));
        Assert.True(stopped.SignatureValid);
        Assert.Equal("dpo", stopped.Body["deadline"]!.ToString().ToLowerInvariant());

        // A second notice (a correction, say) finds nothing left to resolve and sends nothing more.
        var again = await service.Client().PostAsJsonAsync($"/api/incidents/{id}/dpo-notification",
            new { notifiedAt = Iso(DateTimeOffset.UtcNow), channel = "phone", howItOccurred = "Misaddressed e-mail.", likelyImpact = "Low." });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(["dpo:resolved"], await Escalations(service, id));
        Assert.Equal(0, await Scalar(database, $"SELECT count(*) FROM {S}.test_signals_seen"));
        // The incident's version counts people's facts only: the report and the two notices.
        var view = await (await service.Client().GetAsync($"/api/incidents/{id}")).ExpectJson(HttpStatusCode.OK);
        Assert.Equal(3, view["version"]!.GetValue<int>());
        Assert.Single(webhook.Deliveries, d => d.Body["incidentId"]!.GetValue<string>() == id && d.Body["type"]!.GetValue<string>() == "deadline.stopped");
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

    private static async Task Execute(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync();
    }
}
