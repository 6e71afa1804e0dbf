using System.Text.Json.Nodes;
using BreachDesk.Infrastructure.Database;
using BreachDesk.Infrastructure.Http;
using Npgsql;

namespace BreachDesk.Auditing;

/// <summary>One stored event as an auditor sees it: the row's metadata, its data as stored, and its link in the chain.</summary>
public sealed record AuditedEvent(
    long Sequence, long Version, string Type, DateTimeOffset Timestamp, string? Actor,
    string? CorrelationId, string? CausationId, JsonNode? Headers, JsonNode? Data, string Hash, string? RecordedHash);

/// <summary>
/// <c>Intact</c> is true when every event of the page is present and hashes, from the link recorded for the version
/// before the page (version 1: from the genesis), to the link PostgreSQL recorded when it was appended. Otherwise
/// <c>BrokenAtVersion</c> is the first version that does not, and <c>Finding</c> says why. A client that walks every
/// page (each starts from the link the page before verified) has checked the whole chain. <c>Head</c> is the page's
/// last link: an auditor may note the last page's elsewhere, to show later that nothing before it changed.
/// <c>EscalationLog</c> is the same report for the incident's escalation log, a stream and chain of its own (its
/// <c>IncidentId</c> is the log's stream id), given with the first page for the log's first
/// <see cref="EventPage.MaxLimit"/> events, or null while nothing was escalated.
/// </summary>
public sealed record AuditReport(
    Guid IncidentId, bool Intact, long? BrokenAtVersion, string? Finding, string? Head, IReadOnlyList<AuditedEvent> Events,
    AuditReport? EscalationLog = null);

/// <summary>
/// Reads an incident's events raw from Marten's table with Npgsql (not through Marten's deserialiser, which would
/// ignore a field added behind its back) and recomputes the hash chain from exactly what is stored.
/// </summary>
public sealed class AuditTrail(NpgsqlDataSource dataSource)
{
    private const string Schema = MartenConfiguration.Schema;

    private sealed record StoredEvent(
        long Sequence, long Version, string Type, string Data, DateTime Timestamp, string? CorrelationId, string? CausationId, string? Headers);

    /// <summary>
    /// The page of the incident's events after <paramref name="page"/>'s version, verified, and whether events follow it;
    /// null for no such incident.
    /// </summary>
    public async Task<(AuditReport Report, bool More)?> ReadAsync(Guid incidentId, EventPage page, CancellationToken cancellation)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        // One snapshot for every read, so an append between them is not mistaken for a broken chain.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellation);
        var read = await ReadPageAsync(connection, incidentId, page, cancellation);
        if (read is null) return null;
        var log = page.After == 0
            ? await ReadPageAsync(connection, Escalating.EscalationIds.LogOf(incidentId), new EventPage(0, EventPage.MaxLimit), cancellation)
            : null;
        await transaction.CommitAsync(cancellation);
        return (read.Value.Report with { EscalationLog = log?.Report }, read.Value.More);
    }

    /// <summary>One page of a stream's events and links, verified, and whether more follow; null for no such stream.</summary>
    private static async Task<(AuditReport Report, bool More)?> ReadPageAsync(NpgsqlConnection connection, Guid streamId, EventPage page, CancellationToken cancellation)
    {
        var events = await ReadEventsAsync(connection, streamId, page, cancellation);
        if (events.Count == 0 && (page.After == 0 || !await StreamExistsAsync(connection, streamId, cancellation))) return null;
        var more = events.Count > page.Limit;
        if (more) events.RemoveAt(events.Count - 1);
        // The last page also takes every later link, so a link whose event was deleted from the end is found.
        var upTo = more ? events[^1].Version : long.MaxValue;
        var links = await ReadLinksAsync(connection, streamId, page.After, upTo, cancellation);
        return (Verify(streamId, page.After, events, links), more);
    }

    private static AuditReport Verify(Guid incidentId, long after, IReadOnlyList<StoredEvent> events, IReadOnlyDictionary<long, byte[]> links)
    {
        var byVersion = events.ToDictionary(e => e.Version);
        var lastVersion = Math.Max(events.Count == 0 ? after : events.Max(e => e.Version), links.Count == 0 ? after : links.Keys.Max());
        long? brokenAt = null;
        string? finding = null;
        var previous = EventHashChain.Genesis;
        if (after > 0 && !links.TryGetValue(after, out previous!))
        {
            Break(after, $"The event at version {after} has no link in the hash chain: it was not appended through the event store.");
            previous = EventHashChain.Genesis;
        }
        var audited = new List<AuditedEvent>();

        for (var version = after + 1; version <= lastVersion; version++)
        {
            links.TryGetValue(version, out var recorded);
            if (!byVersion.TryGetValue(version, out var stored))
            {
                Break(version, $"The event at version {version} is missing from the event store, but the chain recorded it.");
                continue;
            }

            var hash = EventHashChain.Link(previous, incidentId, stored.Version, stored.Type, stored.Data, stored.Timestamp);
            if (recorded is null)
                Break(version, $"The event at version {version} has no link in the hash chain: it was not appended through the event store.");
            else if (!recorded.AsSpan().SequenceEqual(hash))
                Break(version, $"The event at version {version} does not match the hash recorded when it was appended: " +
                               "its data, type, time or an earlier event was changed afterwards.");

            audited.Add(new AuditedEvent(stored.Sequence, stored.Version, stored.Type, new DateTimeOffset(stored.Timestamp, TimeSpan.Zero),
                ActorOf(stored.Data), stored.CorrelationId, stored.CausationId, Parse(stored.Headers), Parse(stored.Data),
                Convert.ToHexStringLower(hash), recorded is null ? null : Convert.ToHexStringLower(recorded)));
            previous = hash;
        }

        var head = audited.Count == 0 ? null : audited[^1].Hash;
        return new AuditReport(incidentId, brokenAt is null, brokenAt, finding, head, audited);

        void Break(long version, string why)
        {
            if (brokenAt is not null) return;
            brokenAt = version;
            finding = why;
        }
    }

    /// <summary>The page's events and one more, which says whether another page follows.</summary>
    private static async Task<List<StoredEvent>> ReadEventsAsync(
        NpgsqlConnection connection, Guid incidentId, EventPage page, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"""
             SELECT seq_id, version, type, data, timestamp, correlation_id, causation_id, headers
             FROM {Schema}.mt_events WHERE stream_id = $1 AND version > $2 ORDER BY version LIMIT $3
             """, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = incidentId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = page.After });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = page.Limit + 1 });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var events = new List<StoredEvent>();
        while (await reader.ReadAsync(cancellation))
            events.Add(new StoredEvent(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2),
                reader.GetString(3), // the jsonb as PostgreSQL renders it, byte for byte what the trigger hashed
                reader.GetFieldValue<DateTime>(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        return events;
    }

    private static async Task<bool> StreamExistsAsync(NpgsqlConnection connection, Guid incidentId, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {Schema}.mt_streams WHERE id = $1)", connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = incidentId });
        return (bool)(await command.ExecuteScalarAsync(cancellation))!;
    }

    /// <summary>The links from version <paramref name="from"/> (the one the page starts from) to <paramref name="upTo"/>.</summary>
    private static async Task<Dictionary<long, byte[]>> ReadLinksAsync(
        NpgsqlConnection connection, Guid incidentId, long from, long upTo, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT version, hash FROM {Schema}.{EventHashChain.TableName} WHERE stream_id = $1 AND version >= $2 AND version <= $3",
            connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = incidentId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = upTo });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var links = new Dictionary<long, byte[]>();
        while (await reader.ReadAsync(cancellation)) links[reader.GetInt64(0)] = reader.GetFieldValue<byte[]>(1);
        return links;
    }

    private static JsonNode? Parse(string? json) => json is null ? null : JsonNode.Parse(json);

    /// <summary>Every incident event records who acted in its <c>actor</c> field.</summary>
    private static string? ActorOf(string data) =>
        JsonNode.Parse(data) is JsonObject o && o["actor"] is JsonValue actor && actor.TryGetValue<string>(out var name) ? name : null;
}
