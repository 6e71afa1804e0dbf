using System.Net;
using BreachDesk.Infrastructure.Database;
using BreachDesk.Tests.Support;
using Npgsql;

namespace BreachDesk.Tests.Notifying;

/// <summary>
/// The e-mailed DPO notice in two transactions (decision 0035), counted in the database: before the mail, the draft's
/// new version with the key's claim; after it, the notice with the claim marked sent. Every transaction that writes a
/// draft, a claim, an event or an envelope names itself in a table.
/// </summary>
public class SendDpoNoticeTransactionsTests
{
    private const string S = MartenConfiguration.Schema;

    [Fact]
    public async Task A_keyed_send_writes_in_two_transactions_the_claim_with_the_draft_then_the_notice_with_the_claim_sent_and_a_retry_in_none()
    {
        await using var smtp = SmtpReceiver.Start();
        var database = await TestDatabase.CreateAsync();
        await using var service = await RunningService.StartAsync(database, builder =>
        {
            builder.Configuration["BreachDesk:Dpo:Email"] = "dpo@example.org";
            builder.Configuration["BreachDesk:Escalation:Smtp:Host"] = "127.0.0.1";
            builder.Configuration["BreachDesk:Escalation:Smtp:Port"] = smtp.Port.ToString();
        });
        var incident = await IncidentClient.Reported(service);
        await TestDatabase.Execute(database,
            $"""
             CREATE TABLE {S}.test_writers (at timestamptz DEFAULT clock_timestamp(), xid xid8, relation text, sent text);
             CREATE FUNCTION {S}.test_writer() RETURNS trigger LANGUAGE plpgsql AS
               $f$ BEGIN
                 INSERT INTO {S}.test_writers (xid, relation, sent) VALUES (pg_current_xact_id(), TG_TABLE_NAME,
                   CASE WHEN TG_TABLE_NAME = 'mt_doc_dponoticesending' THEN NEW.data ->> 'sent' END);
                 RETURN NULL;
               END $f$;
             """ + string.Concat(new[] { "mt_doc_draftdocument", "mt_doc_dponoticesending", "mt_events", "wolverine_incoming_envelopes" }.Select(t =>
                $"CREATE TRIGGER test_writer AFTER INSERT OR UPDATE ON {S}.{t} FOR EACH ROW EXECUTE FUNCTION {S}.test_writer();\n")));

        HttpRequestMessage Keyed()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{incident.Id}/dpo-notice/send");
            request.Headers.Add("Idempotency-Key", "two-transactions");
            return request;
        }
        await (await service.Client().SendAsync(Keyed())).ExpectJson(HttpStatusCode.OK);

        var writes = await Rows(database, $"SELECT xid::text, relation, coalesce(sent, '') FROM {S}.test_writers ORDER BY at");
        var transactions = writes.GroupBy(w => w[0]).Select(t => t.Select(w => $"{w[1]}{(w[2] == "" ? "" : ":sent=" + w[2])}").Distinct().Order().ToList()).ToList();
        Assert.Equal(2, transactions.Count);
        Assert.Equal(["mt_doc_dponoticesending:sent=false", "mt_doc_draftdocument"], transactions[0]);
        Assert.Equal(["mt_doc_dponoticesending:sent=true", "mt_events"], transactions[1]);
        Assert.Single(smtp.Messages);

        // The retry reads, finds the claim sent, answers the incident: no mail, no write.
        await (await service.Client().SendAsync(Keyed())).ExpectJson(HttpStatusCode.OK);
        Assert.Equal(writes.Count, (await Rows(database, $"SELECT xid::text FROM {S}.test_writers")).Count);
        Assert.Single(smtp.Messages);
    }

    private static async Task<List<string[]>> Rows(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var reader = await new NpgsqlCommand(sql, connection).ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync()) rows.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray());
        return rows;
    }
}
