using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Database;
using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Tables;
using Weasel.Postgresql.Triggers;

namespace BreachDesk.Listing;

/// <summary>
/// How many incidents have each status, kept by PostgreSQL in the transaction that writes the incident view, so the
/// list's and the register's exact <c>total</c> is a read of a few rows instead of a count over 100,000 index entries
/// (decision 0023). A row trigger on the view table adds +1/-1 when a view is inserted, deleted or changes status; a
/// statement trigger empties the counts when the view table is truncated (a projection rebuild), after which the
/// rebuild's inserts count again.
/// <para>
/// Concurrent reports must not queue on one "open" row, so each status has <see cref="Shards"/> rows and a
/// transaction adds to the one its transaction id picks; a read sums them. A transaction writes one shard only, and
/// its two rows of a status change in status order, so two writers wait on each other only when they share a shard.
/// 64 rather than 16 (decision 0038): at 32 clients two reports in flight shared one of 16 rows often enough to queue
/// on its lock until the other's commit; a read sums up to 64 rows per status, still a few microseconds.
/// </para>
/// </summary>
public static class IncidentStatusCounts
{
    public const string TableName = "incident_status_count";
    public const string FunctionName = "count_incident_status";
    public const string TruncateFunctionName = "count_incident_status_truncated";
    public const int Shards = 64;

    /// <summary>After the incident view's own table, which its triggers are on.</summary>
    public sealed class Storage(StoreOptions options, string schema) : FeatureSchemaBase("IncidentStatusCounts", options.Advanced.Migrator)
    {
        public override IEnumerable<Type> DependentTypes() => [typeof(IncidentView)];

        protected override IEnumerable<ISchemaObject> schemaObjects()
        {
            var view = ((IReadOnlyStoreOptions)options).Schema.For<IncidentView>();
            var counts = $"{schema}.{TableName}";

            var table = new Table(counts);
            table.AddColumn<string>("status").AsPrimaryKey();
            table.AddColumn<int>("shard").AsPrimaryKey();
            table.AddColumn<long>("incidents").NotNull();
            yield return table;

            var rowFunction = $$"""
                CREATE OR REPLACE FUNCTION {{schema}}.{{FunctionName}}() RETURNS trigger
                LANGUAGE plpgsql AS $function$
                DECLARE
                    change record;
                    picked int := (txid_current() % {{Shards}})::int;
                BEGIN
                    -- The operators' rebuild writes every view again and counts once at its end (decision 0033).
                    {{ProjectionRebuild.SkipInRebuildSql}}
                    -- Most writes of a view are other changes (a note, a clock): nothing to count.
                    IF TG_OP = 'UPDATE' AND OLD.status IS NOT DISTINCT FROM NEW.status THEN
                        RETURN NULL;
                    END IF;
                    FOR change IN
                        SELECT d.status, d.delta
                        FROM (VALUES (CASE WHEN TG_OP <> 'INSERT' THEN OLD.status END, -1),
                                     (CASE WHEN TG_OP <> 'DELETE' THEN NEW.status END, 1)) AS d (status, delta)
                        WHERE d.status IS NOT NULL
                        ORDER BY d.status
                    LOOP
                        -- An update of the shard's row, which exists after its first use: an upsert would first lock the
                        -- row, one more WAL record on every report (decision 0030).
                        UPDATE {{counts}} SET incidents = incidents + change.delta WHERE status = change.status AND shard = picked;
                        IF NOT FOUND THEN
                            INSERT INTO {{counts}} AS c (status, shard, incidents) VALUES (change.status, picked, change.delta)
                            ON CONFLICT (status, shard) DO UPDATE SET incidents = c.incidents + excluded.incidents;
                        END IF;
                    END LOOP;
                    RETURN NULL;
                END;
                $function$;
                """;
            yield return Function.ForSql(rowFunction);
            var truncateFunction = $$"""
                CREATE OR REPLACE FUNCTION {{schema}}.{{TruncateFunctionName}}() RETURNS trigger
                LANGUAGE plpgsql AS $function$
                BEGIN
                    DELETE FROM {{counts}};
                    RETURN NULL;
                END;
                $function$;
                """;
            yield return Function.ForSql(truncateFunction);

            // Created with the counts of the rows already there, under a lock that holds writers off until the
            // trigger exists, so no write falls between the first count and the first trigger call.
            yield return new ViewTableTrigger(schema, view, FunctionName, rowFunction, TriggerEvents.Insert | TriggerEvents.Update | TriggerEvents.Delete,
                forEachRow: true, RefillSql(schema, view));
            yield return new ViewTableTrigger(schema, view, TruncateFunctionName, truncateFunction, TriggerEvents.Truncate, forEachRow: false, before: "");
        }
    }

    /// <summary>
    /// The counts of every status, from the rows in one statement, under a lock that holds writers off meanwhile: when
    /// the trigger is created, and after a rebuild, whose sessions skip the trigger (<see cref="ProjectionRebuild"/>).
    /// All in shard 0: a read sums the shards, and the next writes add to whichever shard they pick.
    /// </summary>
    public static string RefillSql(string schema, string view) => $"""
        LOCK TABLE {view} IN SHARE ROW EXCLUSIVE MODE;
        DELETE FROM {schema}.{TableName};
        INSERT INTO {schema}.{TableName} (status, shard, incidents) SELECT status, 0, count(*) FROM {view} WHERE status IS NOT NULL GROUP BY status;
        """;

    public static TriggerKeptTable KeptTable(string schema) =>
        new(nameof(IncidentView), typeof(IncidentView), view => RefillSql(schema, view));

    /// <summary>The SQL of the number of incidents with <paramref name="statusParameter"/> (all when it is null).</summary>
    public static string CountSql(string schema, string? statusParameter) =>
        $"SELECT coalesce(sum(incidents), 0)::bigint AS total FROM {schema}.{TableName}" +
        (statusParameter is null ? "" : $" WHERE status = {statusParameter}");
}
