using System.Data.Common;
using Weasel.Core;
using Weasel.Postgresql.Triggers;

namespace BreachDesk.Infrastructure.Database;

/// <summary>
/// A row trigger of ours on Marten's <c>mt_events</c>. Weasel compares a trigger with PostgreSQL's own rendering of
/// it, which never matched here, so every schema check saw a change and a production start refused. This one is the
/// same when it exists, fires at the given timing on insert for each row and calls the given function.
/// </summary>
public sealed class EventsTableTrigger : Trigger
{
    private readonly string _functionName;
    private readonly string _timing;

    public EventsTableTrigger(string schema, string functionName, TriggerTiming timing)
        : base($"{schema}.{functionName}", $"{schema}.mt_events", $"{schema}.{functionName}()")
    {
        _functionName = functionName;
        _timing = timing == TriggerTiming.Before ? "BEFORE INSERT" : "AFTER INSERT";
        Timing = timing;
        Events = TriggerEvents.Insert;
        ForEachRow = true;
        // No WHEN clause: PostgreSQL rewrites one in its own words. The functions skip rows without a stream instead.
    }

    public override async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
    {
        var existing = await reader.ReadAsync(ct) && !await reader.IsDBNullAsync(0, ct) ? reader.GetString(0) : null;
        if (existing is null) return new SchemaObjectDelta(this, SchemaPatchDifference.Create);
        var same = existing.Contains(_timing, StringComparison.OrdinalIgnoreCase)
                   && existing.Contains("FOR EACH ROW", StringComparison.OrdinalIgnoreCase)
                   && existing.Contains($"{_functionName}()", StringComparison.Ordinal);
        return new SchemaObjectDelta(this, same ? SchemaPatchDifference.None : SchemaPatchDifference.Update);
    }
}
