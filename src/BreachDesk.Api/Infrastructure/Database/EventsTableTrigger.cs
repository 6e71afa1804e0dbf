using System.Data.Common;
using Weasel.Core;
using Weasel.Postgresql.Triggers;

namespace BreachDesk.Infrastructure.Database;

/// <summary>
/// A row trigger of ours on Marten's <c>mt_events</c>. Weasel compares a trigger with PostgreSQL's own rendering of
/// it, which never matched here, so every schema check saw a change and a production start refused. This one is the
/// same when it exists, fires at the given timing on insert for each row, calls the given function, and that
/// function's body is <c>functionSql</c>'s.
/// </summary>
/// <remarks>
/// Why the function's body is compared too (as <c>ViewTableTrigger</c> does since decision 0030): Weasel replaces a
/// changed function by dropping it with <c>CASCADE</c>, which drops this trigger, while the trigger's own delta, read
/// before the migration, said it was there. A <c>db-apply</c> that changed the hash chain's function would have left
/// events appended with no link and the chain broken from then on, and one that changed the notice's function a
/// dashboard that no longer hears of changes, both silently. So a changed function makes this trigger part of the same
/// migration, created again after it (decision 0035).
/// </remarks>
public sealed class EventsTableTrigger : Trigger
{
    private readonly string _schema;
    private readonly string _functionName;
    private readonly string _timing;
    private readonly string _functionSource;

    public EventsTableTrigger(string schema, string functionName, string functionSql, TriggerTiming timing)
        : base($"{schema}.{functionName}", $"{schema}.mt_events", $"{schema}.{functionName}()")
    {
        _schema = schema;
        _functionName = functionName;
        _functionSource = FunctionSource.Of(functionSql);
        _timing = timing == TriggerTiming.Before ? "BEFORE INSERT" : "AFTER INSERT";
        Timing = timing;
        Events = TriggerEvents.Insert;
        ForEachRow = true;
        // No WHEN clause: PostgreSQL rewrites one in its own words. The functions skip rows without a stream instead.
    }

    public override void ConfigureQueryCommand(Weasel.Core.DbCommandBuilder builder)
    {
        base.ConfigureQueryCommand(builder);
        FunctionSource.Query(builder, _schema, _functionName);
    }

    public override async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
    {
        var existing = await reader.ReadAsync(ct) && !await reader.IsDBNullAsync(0, ct) ? reader.GetString(0) : null;
        await reader.NextResultAsync(ct);
        var source = await FunctionSource.ReadAsync(reader, ct);
        if (existing is null) return new SchemaObjectDelta(this, SchemaPatchDifference.Create);
        var same = existing.Contains(_timing, StringComparison.OrdinalIgnoreCase)
                   && existing.Contains("FOR EACH ROW", StringComparison.OrdinalIgnoreCase)
                   && existing.Contains($"{_functionName}()", StringComparison.Ordinal)
                   && source == _functionSource;
        return new SchemaObjectDelta(this, same ? SchemaPatchDifference.None : SchemaPatchDifference.Update);
    }
}

/// <summary>A trigger function's body as PostgreSQL keeps it (<c>prosrc</c>), compared without regard to whitespace.</summary>
public static class FunctionSource
{
    /// <summary>The body between a <c>CREATE FUNCTION</c>'s <c>$function$</c> quotes.</summary>
    public static string Of(string functionSql) =>
        functionSql.Split("$function$") is [_, var body, ..] ? Normalized(body)
            : throw new ArgumentException("The function's body must be quoted with $function$.", nameof(functionSql));

    /// <summary>Adds the query of the function's body to a schema object's query, as the next result.</summary>
    public static void Query(Weasel.Core.DbCommandBuilder builder, string schema, string functionName)
    {
        var s = builder.AddParameter(schema).ParameterName;
        var f = builder.AddParameter(functionName).ParameterName;
        builder.Append($"""

            SELECT p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = :{s} AND p.proname = :{f};
            """);
    }

    /// <returns>The body, normalised; null when there is no such function.</returns>
    public static async Task<string?> ReadAsync(DbDataReader reader, CancellationToken ct) =>
        await reader.ReadAsync(ct) && !await reader.IsDBNullAsync(0, ct) ? Normalized(reader.GetString(0)) : null;

    private static string Normalized(string source) => string.Join(' ', source.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
