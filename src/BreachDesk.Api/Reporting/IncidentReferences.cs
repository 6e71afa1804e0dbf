using BreachDesk.Incidents;
using Npgsql;

namespace BreachDesk.Reporting;

/// <summary>
/// Allocates <c>BD-&lt;year&gt;-&lt;number&gt;</c> references from a PostgreSQL sequence per year
/// (<c>incident_reference_&lt;year&gt;</c>), created the first time a year needs one. <c>nextval</c> takes no row lock
/// and is never rolled back, so concurrent reports on any number of nodes never wait for each other and never share a
/// number; a report that fails after taking one leaves a gap, which a register tolerates far better than a repeat.
/// A report takes its number as the first statement of its own transaction, on that transaction's connection
/// (decision 0031): <c>nextval</c> neither waits for nor is undone by the transaction, so the number behaves as if taken
/// alone, without a transaction (and a commit) of its own.
/// </summary>
/// <remarks>
/// The unique index on the stored references is what finally forbids a repeat. A sequence can be behind the references
/// stored: a restore of a dump taken before the sequence existed, a sequence dropped or reset by hand, the counter table
/// of earlier versions. A new sequence therefore starts past the year's highest stored reference, and a report whose
/// number the index refuses calls <see cref="SkipPastStoredAsync"/> and tries once more.
/// </remarks>
public sealed class IncidentReferences(NpgsqlDataSource dataSource, string schema, string incidentTable)
{
    /// <summary>The unique index on the stored references (Marten's name for <c>IncidentView.Reference</c>'s index).</summary>
    public const string UniqueIndexName = "mt_doc_incidentview_uidx_reference";

    public static string SequenceName(int year) => $"incident_reference_{year}";

    /// <summary>The next reference of <paramref name="now"/>'s year, taken on a pooled connection.</summary>
    public Task<string> NextAsync(DateTimeOffset now, CancellationToken cancellation) => NextAsync(now, null, cancellation);

    /// <summary>
    /// The next reference of <paramref name="now"/>'s year, taken on <paramref name="connection"/> (in its transaction,
    /// if it has one begun) or, when null, on a pooled connection.
    /// </summary>
    public async Task<string> NextAsync(DateTimeOffset now, NpgsqlConnection? connection, CancellationToken cancellation)
    {
        var year = now.UtcDateTime.Year;
        if (await TakeAsync(year, connection, cancellation) is { } number) return IncidentReference.Format(year, number);
        // Once a year: created and committed on a connection of its own, so that the sequence exists for every node at
        // once, whatever becomes of the caller's transaction; and taken there too: a transaction that has looked the
        // sequence up and not found it keeps not finding it (PostgreSQL caches the miss until the transaction ends).
        await CreateAsync(year, cancellation);
        return IncidentReference.Format(year, await TakeAsync(year, null, cancellation)
            ?? throw new InvalidOperationException($"The reference sequence {SequenceName(year)} was not created."));
    }

    /// <summary>The sequence's next number; null while the year has no sequence (to_regclass, and nextval is strict).</summary>
    private async Task<long?> TakeAsync(int year, NpgsqlConnection? connection, CancellationToken cancellation)
    {
        const string sql = "SELECT nextval(to_regclass($1))";
        await using var command = connection is null ? dataSource.CreateCommand(sql) : new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"{schema}.{SequenceName(year)}" });
        return await command.ExecuteScalarAsync(cancellation) is long number ? number : null;
    }

    /// <summary>Moves the year's sequence past the highest reference stored for that year (never backwards).</summary>
    public async Task SkipPastStoredAsync(DateTimeOffset now, CancellationToken cancellation)
    {
        var year = now.UtcDateTime.Year;
        await CreateAsync(year, cancellation);
        await using var command = dataSource.CreateCommand(
            $"""
             SELECT setval('{schema}.{SequenceName(year)}', stored.highest)
             FROM ({HighestStored(year)}) AS stored
             WHERE stored.highest >= (SELECT last_value FROM {schema}.{SequenceName(year)})
             """);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>Creates the year's sequence, starting after the highest reference already stored for that year.</summary>
    private async Task CreateAsync(int year, CancellationToken cancellation)
    {
        await using var command = dataSource.CreateCommand(
            $"""
             DO $$
             DECLARE highest bigint := ({HighestStored(year)});
             BEGIN
               EXECUTE format('CREATE SEQUENCE IF NOT EXISTS {schema}.{SequenceName(year)} AS bigint MINVALUE 1 START %s', highest + 1);
             EXCEPTION WHEN unique_violation OR duplicate_table THEN
               NULL; -- another node created it at the same moment
             END $$
             """);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>
    /// The year's highest stored number. Read from the references' unique index, and as numbers, not text:
    /// BD-2026-10000 sorts before BD-2026-9999 as text.
    /// </summary>
    private string HighestStored(int year) =>
        $"""
         SELECT coalesce(max(substring(data ->> 'reference' FROM '^BD-{year}-([0-9]+)$')::bigint), 0) AS highest
         FROM {incidentTable} WHERE data ->> 'reference' LIKE 'BD-{year}-%'
         """;
}
