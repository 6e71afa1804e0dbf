using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BreachDesk.Infrastructure.Database;
using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Tables;
using Weasel.Postgresql.Triggers;

namespace BreachDesk.Auditing;

/// <summary>
/// A hash chain over every event stream, kept by PostgreSQL itself: a trigger on Marten's events table computes, in
/// the transaction that appends an event, <c>hash(v) = SHA-256(hash(v-1) || record(v))</c> and stores it in
/// <see cref="TableName"/>. Computing it in the database means it hashes exactly the row that is stored (the jsonb
/// as PostgreSQL renders it, the timestamp as stored), whoever appended it. Someone who edits <c>mt_events</c>
/// behind the service's back must also recompute every later link of that stream consistently, or the audit
/// check (<see cref="AuditTrail"/>, which recomputes the chain in C# from the raw rows) finds the edit.
/// </summary>
public static class EventHashChain
{
    public const string TableName = "event_hash_chain";
    public const string FunctionName = "chain_event_hash";
    public const int HashLength = 32;

    /// <summary>The key on (stream_id, version), as Weasel names it: a second link for one version is a lost race.</summary>
    public const string PrimaryKeyName = "pkey_" + TableName + Infrastructure.Database.DatabaseErrors.StreamVersionKeySuffix;

    /// <summary>The hash before an incident's first event.</summary>
    public static readonly byte[] Genesis = new byte[HashLength];

    /// <summary>
    /// The record that is hashed, in UTF-8: stream id, version, event type, the event data as PostgreSQL renders its
    /// jsonb, and the timestamp in microseconds since the Unix epoch (the precision PostgreSQL stores), one per line.
    /// The SQL below and <see cref="Link"/> must build it identically.
    /// </summary>
    public static byte[] Link(byte[] previous, Guid streamId, long version, string type, string data, DateTime timestamp)
    {
        var micros = (timestamp.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks) / 10;
        var record = string.Join('\n',
            streamId.ToString("D"), version.ToString(CultureInfo.InvariantCulture), type, data, micros.ToString(CultureInfo.InvariantCulture));
        return SHA256.HashData([.. previous, .. Encoding.UTF8.GetBytes(record)]);
    }

    /// <summary>
    /// A storage feature of its own rather than one of Marten's extended schema objects: Marten creates registered
    /// features after its event tables, and the trigger needs <c>mt_events</c> to exist.
    /// </summary>
    public sealed class Storage(StoreOptions options, string schema) : FeatureSchemaBase("EventHashChain", options.Advanced.Migrator)
    {
        protected override IEnumerable<ISchemaObject> schemaObjects() => SchemaObjects(schema);
    }

    public static IEnumerable<ISchemaObject> SchemaObjects(string schema)
    {
        var table = new Table($"{schema}.{TableName}");
        table.AddColumn<Guid>("stream_id").AsPrimaryKey();
        table.AddColumn<long>("version").AsPrimaryKey();
        table.AddColumn("hash", "bytea").NotNull();
        yield return table;

        var function = $$"""
            CREATE OR REPLACE FUNCTION {{schema}}.{{FunctionName}}() RETURNS trigger
            LANGUAGE plpgsql AS $function$
            DECLARE
                previous bytea;
            BEGIN
                -- Marten's tombstones fill the sequence numbers of failed appends; they belong to no incident.
                IF NEW.stream_id IS NULL OR NEW.type = 'tombstone' THEN
                    RETURN NEW;
                END IF;
                SELECT hash INTO previous FROM {{schema}}.{{TableName}} WHERE stream_id = NEW.stream_id AND version = NEW.version - 1;
                IF previous IS NULL THEN
                    previous := decode(repeat('00', {{HashLength}}), 'hex');
                END IF;
                INSERT INTO {{schema}}.{{TableName}} (stream_id, version, hash)
                VALUES (NEW.stream_id, NEW.version, sha256(previous || convert_to(
                    NEW.stream_id::text || E'\n' || NEW.version::text || E'\n' || NEW.type || E'\n' || NEW.data::text || E'\n' ||
                    (CASE
                        -- Npgsql reads an infinite timestamp as DateTime.MinValue/MaxValue: hash the same microseconds the C# check computes.
                        WHEN NEW.timestamp = '-infinity' THEN -62135596800000000
                        WHEN NEW.timestamp = 'infinity' THEN 253402300799999999
                        ELSE (extract(epoch FROM NEW.timestamp) * 1000000)::bigint
                     END)::text, 'UTF8')));
                RETURN NEW;
            END;
            $function$;
            """;
        yield return Function.ForSql(function);

        // BEFORE, per row: the links of several events appended in one statement are made in version order.
        yield return new EventsTableTrigger(schema, FunctionName, function, TriggerTiming.Before);
    }
}
