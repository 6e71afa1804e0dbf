using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Database;
using BreachDesk.Listing;
using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Tables;

namespace BreachDesk.Searching;

/// <summary>
/// Each incident's words, parsed once and stored: <c>(id, words tsvector)</c> with a GIN index, kept by a row trigger on
/// the incident view's table in the transaction that writes the view (decision 0023). A stored vector makes testing a
/// row a read, not a parse of its text (about 1 µs against 10-30 µs), which is what lets a search for a word nearly
/// every incident holds walk the list's order and test rows one by one (<see cref="IncidentSearch"/>).
/// <para>
/// A table of its own rather than a column of the view's: Marten owns the view's table and drops a column it does not
/// know. The words are parsed from the view's own reference, title, description, systems and notes
/// (<see cref="IncidentSearch.SearchedText"/>; the view keeps no copy of that text, decision 0030), and again only when
/// one of them changes (a note), not on every command, as the expression index over the view did. A deleted view takes its words along; a truncated view
/// table (a projection rebuild) empties this one, and the rebuild's inserts fill it again.
/// </para>
/// </summary>
public static class IncidentSearchWords
{
    public const string TableName = "incident_search_words";
    public const string FunctionName = "keep_incident_search_words";
    public const string TruncateFunctionName = "keep_incident_search_words_truncated";

    /// <summary>After the incident view's own table, which its triggers are on.</summary>
    public sealed class Storage(StoreOptions options, string schema) : FeatureSchemaBase("IncidentSearchWords", options.Advanced.Migrator)
    {
        public override IEnumerable<Type> DependentTypes() => [typeof(IncidentView)];

        protected override IEnumerable<ISchemaObject> schemaObjects()
        {
            var view = ((IReadOnlyStoreOptions)options).Schema.For<IncidentView>();
            var words = $"{schema}.{TableName}";

            var table = new Table(words);
            table.AddColumn<Guid>("id").AsPrimaryKey();
            table.AddColumn("words", "tsvector").NotNull();
            table.Indexes.Add(new IndexDefinition($"{TableName}_idx_words") { Columns = ["words"], Method = IndexMethod.gin });
            yield return table;

            var rowFunction = $$"""
                CREATE OR REPLACE FUNCTION {{schema}}.{{FunctionName}}() RETURNS trigger
                LANGUAGE plpgsql AS $function$
                BEGIN
                    -- The operators' rebuild writes every view again and refills this table once at its end (decision 0033).
                    {{ProjectionRebuild.SkipInRebuildSql}}
                    IF TG_OP = 'DELETE' THEN
                        DELETE FROM {{words}} WHERE id = OLD.id;
                        RETURN NULL;
                    END IF;
                    IF TG_OP = 'INSERT' THEN
                        -- A new view has no words yet (they go with it when it is deleted or truncated): a plain insert,
                        -- which writes no speculative-insert confirmation to the WAL as an upsert does.
                        INSERT INTO {{words}} (id, words)
                        VALUES (NEW.id, to_tsvector('{{IncidentSearch.TextSearchConfig}}', {{IncidentSearch.SearchedText("NEW")}}));
                        RETURN NULL;
                    END IF;
                    -- Most writes of a view change something else (a clock, a status): the words stay as they are.
                    IF ({{IncidentSearch.SearchedText("OLD")}}) IS NOT DISTINCT FROM ({{IncidentSearch.SearchedText("NEW")}}) THEN
                        RETURN NULL;
                    END IF;
                    INSERT INTO {{words}} (id, words)
                    VALUES (NEW.id, to_tsvector('{{IncidentSearch.TextSearchConfig}}', {{IncidentSearch.SearchedText("NEW")}}))
                    ON CONFLICT (id) DO UPDATE SET words = excluded.words;
                    RETURN NULL;
                END;
                $function$;
                """;
            yield return Function.ForSql(rowFunction);
            var truncateFunction = $$"""
                CREATE OR REPLACE FUNCTION {{schema}}.{{TruncateFunctionName}}() RETURNS trigger
                LANGUAGE plpgsql AS $function$
                BEGIN
                    TRUNCATE {{words}};
                    RETURN NULL;
                END;
                $function$;
                """;
            yield return Function.ForSql(truncateFunction);

            // Created with the words of the views already there, under a lock that holds writers off until the
            // trigger exists, so no view written meanwhile is left without its words.
            yield return new ViewTableTrigger(schema, view, FunctionName, rowFunction, TriggerEvents.Insert | TriggerEvents.Update | TriggerEvents.Delete,
                forEachRow: true, RefillSql(schema, view));
            yield return new ViewTableTrigger(schema, view, TruncateFunctionName, truncateFunction, TriggerEvents.Truncate, forEachRow: false, before: "");
        }
    }

    /// <summary>
    /// The words of every view, parsed from the rows in one statement, under a lock that holds writers off meanwhile:
    /// when the trigger is created, and after a rebuild, whose sessions skip the trigger (<see cref="ProjectionRebuild"/>).
    /// </summary>
    public static string RefillSql(string schema, string view) => $"""
        LOCK TABLE {view} IN SHARE ROW EXCLUSIVE MODE;
        DELETE FROM {schema}.{TableName};
        INSERT INTO {schema}.{TableName} (id, words)
        SELECT v.id, to_tsvector('{IncidentSearch.TextSearchConfig}', {IncidentSearch.SearchedText("v")}) FROM {view} v;
        """;

    public static TriggerKeptTable KeptTable(string schema) =>
        new(nameof(IncidentView), typeof(IncidentView), view => RefillSql(schema, view));
}
