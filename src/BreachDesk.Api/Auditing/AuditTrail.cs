using System.Text.Json.Nodes;
using BreachDesk.Infrastructure.Database;
using Npgsql;

namespace BreachDesk.Auditing;

/// <summary>One stored event as an auditor sees it: the row's metadata, its data as stored, and its link in the chain.</summary>
public sealed record AuditedEvent(
    long Sequence, long Version, string Type, DateTimeOffset Timestamp, string? Actor,
    string? CorrelationId, string? CausationId, JsonNode? Headers, JsonNode? Data, string Hash, string? RecordedHash);

/// <summary>
/// <c>Intact</c> is true when every event from version 1 on is present and hashes to the link PostgreSQL recorded when
/// it was appended. Otherwise <c>BrokenAtVersion</c> is the first version that does not, and <c>Finding</c> says why.
/// <c>Head</c> is the last link: an auditor may note it elsewhere, to show later that nothing before it changed.
/// <c>EscalationLog</c> is the same report for the incident's escalation log, a stream and chain of its own (its
/// <c>IncidentId</c> is the log's stream id), or null while nothing was escalated.
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

    public async Task<AuditReport?> ReadAsync(Guid incidentId, CancellationToken cancellation)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        // One snapshot for both reads, so an append between them is not mistaken for a broken chain.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellation);
        var events = await ReadEventsAsync(connection, incidentId, cancellation);
        if (events.Count == 0) return null;
        var links = await ReadLinksAsync(connection, incidentId, cancellation);
        var logId = Escalating.EscalationIds.LogOf(incidentId);
        var logEvents = await ReadEventsAsync(connection, logId, cancellation);
        var logLinks = await ReadLinksAsync(connection, logId, cancellation);
        await transaction.CommitAsync(cancellation);
        return Verify(incidentId, events, links) with
        {
            EscalationLog = logEvents.Count == 0 && logLinks.Count == 0 ? null : Verify(logId, logEvents, logLinks),
        };
    }

    private static AuditReport Verify(Guid incidentId, IReadOnlyList<StoredEvent> events, IReadOnlyDictionary<long, byte[]> links)
    {
        var byVersion = events.ToDictionary(e => e.Version);
        var lastVersion = Math.Max(events.Count == 0 ? 0 : events.Max(e => e.Version), links.Count == 0 ? 0 : links.Keys.Max());
        long? brokenAt = null;
        string? finding = null;
        var previous = EventHashChain.Genesis;
        var audited = new List<AuditedEvent>();

        for (var version = 1L; version <= lastVersion; version++)
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

    private async Task<List<StoredEvent>> ReadEventsAsync(NpgsqlConnection connection, Guid incidentId, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"""
             SELECT seq_id, version, type, data, timestamp, correlation_id, causation_id, headers
             FROM {Schema}.mt_events WHERE stream_id = $1 ORDER BY version
             """, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = incidentId });
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

    private async Task<Dictionary<long, byte[]>> ReadLinksAsync(NpgsqlConnection connection, Guid incidentId, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT version, hash FROM {Schema}.{EventHashChain.TableName} WHERE stream_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = incidentId });
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
