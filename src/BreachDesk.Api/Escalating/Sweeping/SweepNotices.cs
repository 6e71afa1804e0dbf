using Weasel.Core;
using Weasel.Postgresql.Functions;

namespace BreachDesk.Escalating.Sweeping;

/// <summary>
/// How a transaction wakes the sleeping sweepers of every node: PostgreSQL's <c>NOTIFY</c> on
/// <see cref="Channel"/>, sent in the transaction that writes a replan signal or a wake-up, so it is delivered on
/// commit and never for a rollback. The rule lives once, in the function <see cref="FunctionName"/>, which every write
/// of either table calls for its time column: a replan signal always rings (its lane has work now); a wake-up rings
/// only when it falls due before the sweepers would look anyway, that is earlier than every other wake-up (they sleep
/// until the earliest) or within <see cref="Horizon"/> (the longest they sleep without a notice, so a wake-up written
/// by a transaction that raced the sweeper's read of the earliest is still never missed). The payload names the lane.
/// </summary>
public static class SweepNotices
{
    public const string Channel = "breachdesk_escalation_sweep";
    public const string FunctionName = "escalation_sweep_due";

    /// <summary>The longest a sweeper sleeps without a notice may not exceed this (checked on <c>SweepEvery</c>).</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromMinutes(1);

    public static string Lane(SweepLane lane) => lane == SweepLane.Replans ? "replans" : "wakeups";

    /// <summary>A replan signal: a fact may have moved a clock of the incident. One statement, its notice included.</summary>
    public static string InsertReplanSql(string schema) =>
        $"INSERT INTO {schema}.{EscalationTables.Replans} (incident_id, signalled_at) VALUES (?, {schema}.{FunctionName}(?, now(), '{Lane(SweepLane.Replans)}'))";

    public static ISchemaObject SchemaObject(string schema) => Function.ForSql($$"""
        CREATE OR REPLACE FUNCTION {{schema}}.{{FunctionName}}(incident uuid, due timestamp with time zone, lane text)
        RETURNS timestamp with time zone
        LANGUAGE plpgsql AS $function$
        BEGIN
            -- Equal notices of one transaction are folded into one by PostgreSQL.
            IF lane = '{{Lane(SweepLane.Replans)}}' OR due < now() + interval '{{(int)Horizon.TotalSeconds}} seconds'
               OR NOT EXISTS (SELECT 1 FROM {{schema}}.{{EscalationTables.WakeUps}} w WHERE w.next_at <= due AND w.incident_id <> incident) THEN
                PERFORM pg_notify('{{Channel}}', lane);
            END IF;
            RETURN due;
        END;
        $function$;
        """);
}
