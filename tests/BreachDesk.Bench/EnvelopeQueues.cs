using Npgsql;

namespace BreachDesk.Bench;

/// <summary>
/// Messages a Wolverine service still has to handle or send, from its durable tables in whatever schema holds them:
/// incoming envelopes not yet handled (status <c>Incoming</c>; scheduled ones wait for their time and are not work
/// left over) and outgoing envelopes not yet sent. Works for any Wolverine service's database, the peer's too.
/// </summary>
public sealed class EnvelopeQueues(string connection)
{
    public async Task<long> PendingAsync()
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var find = new NpgsqlCommand(
            "SELECT table_schema FROM information_schema.tables WHERE table_name = 'wolverine_incoming_envelopes'", db);
        var schemas = new List<string>();
        await using (var reader = await find.ExecuteReaderAsync())
            while (await reader.ReadAsync()) schemas.Add(reader.GetString(0));

        long pending = 0;
        foreach (var schema in schemas)
        {
            await using var count = new NpgsqlCommand(
                $"""
                 SELECT (SELECT count(*) FROM "{schema}".wolverine_incoming_envelopes WHERE status = 'Incoming')
                      + (SELECT count(*) FROM "{schema}".wolverine_outgoing_envelopes)
                 """, db);
            pending += (long)(await count.ExecuteScalarAsync())!;
        }
        return pending;
    }
}
