using BreachDesk.Infrastructure.Database;
using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Triggers;

namespace BreachDesk.Dashboard;

/// <summary>
/// PostgreSQL tells every node when an incident changed: a trigger on Marten's events table sends
/// <c>NOTIFY breachdesk_incident_changed, '&lt;incident id&gt;'</c> for each appended event (of the incident's own stream or
/// of its escalation log). PostgreSQL delivers a
/// notice when its transaction commits (never for one rolled back) to every listening connection, one per node
/// (<see cref="IncidentChangeListener"/>), so a dashboard sees changes made through any node. A notice carries only
/// the id: the dashboard re-reads the API with its own credentials.
/// </summary>
public static class IncidentChangeNotifications
{
    public const string Channel = "breachdesk_incident_changed";
    public const string FunctionName = "notify_incident_changed";

    /// <summary>After Marten's event tables, like the hash chain: the trigger needs <c>mt_events</c> to exist.</summary>
    public sealed class Storage(StoreOptions options, string schema) : FeatureSchemaBase("IncidentChangeNotifications", options.Advanced.Migrator)
    {
        protected override IEnumerable<ISchemaObject> schemaObjects()
        {
            var function = $$"""
                CREATE OR REPLACE FUNCTION {{schema}}.{{FunctionName}}() RETURNS trigger
                LANGUAGE plpgsql AS $function$
                BEGIN
                    -- Marten's tombstones fill the sequence numbers of failed appends; they belong to no incident.
                    -- Several events of one incident in one transaction make one notice: PostgreSQL folds equal ones.
                    -- An escalation log's events name their incident: the notice carries the incident's id, not the log's.
                    IF NEW.stream_id IS NOT NULL AND NEW.type <> 'tombstone' THEN
                        PERFORM pg_notify('{{Channel}}', coalesce(NEW.data ->> 'incidentId', NEW.stream_id::text));
                    END IF;
                    RETURN NULL;
                END;
                $function$;
                """;
            yield return Function.ForSql(function);
            yield return new EventsTableTrigger(schema, FunctionName, function, TriggerTiming.After);
        }
    }
}
