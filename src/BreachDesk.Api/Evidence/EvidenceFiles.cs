using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;
using Weasel.Core;
using Weasel.Postgresql.Tables;

namespace BreachDesk.Evidence;

/// <summary>What was stored of one file: its size and the SHA-256 of its bytes (lower-case hex).</summary>
public sealed record StoredFile(long Size, string Sha256);

/// <summary>One entry of a file's chain of custody.</summary>
public sealed record CustodyEntry(string Action, DateTimeOffset At, string Actor);

/// <summary>The upload is larger than <c>BreachDesk:Evidence:MaxBytes</c>; nothing of it is kept.</summary>
public sealed class EvidenceTooLargeException(long maxBytes) : Exception($"The file is larger than {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}

/// <summary>
/// Evidence bytes in PostgreSQL, in chunks of <see cref="ChunkBytes"/>, so a file is streamed in and out and never held
/// whole in memory (a 25 MiB upload costs one chunk of buffer), and it is backed up and restored with the events that
/// name it. Downloads are recorded in a custody table, insert-only.
/// </summary>
public sealed class EvidenceFiles(NpgsqlDataSource dataSource, string schema)
{
    public const int ChunkBytes = 256 * 1024;
    public const string ChunksTable = "evidence_chunks";
    public const string CustodyTable = "evidence_custody";

    public static IEnumerable<ISchemaObject> SchemaObjects(string schema)
    {
        var chunks = new Table($"{schema}.{ChunksTable}");
        chunks.AddColumn<Guid>("evidence_id").AsPrimaryKey();
        chunks.AddColumn<int>("seq").AsPrimaryKey();
        chunks.AddColumn("data", "bytea").NotNull();
        yield return chunks;

        var custody = new Table($"{schema}.{CustodyTable}");
        custody.AddColumn("id", "bigserial").AsPrimaryKey();
        custody.AddColumn<Guid>("evidence_id").NotNull();
        custody.AddColumn<DateTimeOffset>("at").NotNull();
        custody.AddColumn<string>("actor").NotNull();
        custody.AddColumn<string>("action").NotNull();
        custody.Indexes.Add(new IndexDefinition($"idx_{CustodyTable}_evidence") { Columns = ["evidence_id"] });
        yield return custody;
    }

    /// <summary>Stores the bytes of <paramref name="content"/> in one transaction: all of them, or none.</summary>
    public async Task<StoredFile> StoreAsync(Guid evidenceId, Stream content, long maxBytes, CancellationToken cancellation)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[ChunkBytes];
        long size = 0;
        for (var seq = 0; ; seq++)
        {
            var filled = await FillAsync(content, buffer, cancellation);
            if (filled == 0) break;
            size += filled;
            if (size > maxBytes) throw new EvidenceTooLargeException(maxBytes);
            sha.AppendData(buffer, 0, filled);

            await using var insert = new NpgsqlCommand($"INSERT INTO {schema}.{ChunksTable} (evidence_id, seq, data) VALUES ($1, $2, $3)", connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = evidenceId });
            insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = seq });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = new ArraySegment<byte>(buffer, 0, filled) });
            await insert.ExecuteNonQueryAsync(cancellation);
            if (filled < buffer.Length) break;
        }
        await transaction.CommitAsync(cancellation);
        return new StoredFile(size, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    /// <summary>Whether the stored bytes still have the digest recorded when they were received.</summary>
    public async Task<bool> MatchesAsync(Guid evidenceId, string sha256, CancellationToken cancellation)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await ReadAsync(evidenceId, (chunk, _) => { sha.AppendData(chunk.Span); return ValueTask.CompletedTask; }, cancellation);
        return Convert.ToHexStringLower(sha.GetHashAndReset()) == sha256;
    }

    public Task CopyToAsync(Guid evidenceId, Stream output, CancellationToken cancellation) =>
        ReadAsync(evidenceId, (chunk, token) => output.WriteAsync(chunk, token), cancellation);

    /// <summary>Removes the bytes of an upload that was not recorded (the incident refused it).</summary>
    public async Task DeleteAsync(Guid evidenceId, CancellationToken cancellation)
    {
        await using var delete = dataSource.CreateCommand($"DELETE FROM {schema}.{ChunksTable} WHERE evidence_id = $1");
        delete.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = evidenceId });
        await delete.ExecuteNonQueryAsync(cancellation);
    }

    public async Task RecordCustodyAsync(Guid evidenceId, string action, DateTimeOffset at, string actor, CancellationToken cancellation)
    {
        await using var insert = dataSource.CreateCommand($"INSERT INTO {schema}.{CustodyTable} (evidence_id, at, actor, action) VALUES ($1, $2, $3, $4)");
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = evidenceId });
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = at });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = action });
        await insert.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>The recorded custody entries of the files named, oldest first.</summary>
    public async Task<ILookup<Guid, CustodyEntry>> CustodyAsync(IReadOnlyCollection<Guid> evidenceIds, CancellationToken cancellation)
    {
        var entries = new List<(Guid Id, CustodyEntry Entry)>();
        if (evidenceIds.Count == 0) return entries.ToLookup(e => e.Id, e => e.Entry);
        await using var select = dataSource.CreateCommand(
            $"SELECT evidence_id, action, at, actor FROM {schema}.{CustodyTable} WHERE evidence_id = ANY($1) ORDER BY id");
        select.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. evidenceIds] });
        await using var reader = await select.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            entries.Add((reader.GetGuid(0), new CustodyEntry(reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3))));
        return entries.ToLookup(e => e.Id, e => e.Entry);
    }

    private async Task ReadAsync(Guid evidenceId, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> each, CancellationToken cancellation)
    {
        await using var select = dataSource.CreateCommand($"SELECT data FROM {schema}.{ChunksTable} WHERE evidence_id = $1 ORDER BY seq");
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = evidenceId });
        await using var reader = await select.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellation);
        var buffer = new byte[ChunkBytes];
        while (await reader.ReadAsync(cancellation))
        {
            await using var chunk = await reader.GetStreamAsync(0, cancellation);
            int read;
            while ((read = await chunk.ReadAsync(buffer, cancellation)) > 0)
                await each(buffer.AsMemory(0, read), cancellation);
        }
    }

    private static async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellation)
    {
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await content.ReadAsync(buffer.AsMemory(filled), cancellation)) > 0) filled += read;
        return filled;
    }
}
