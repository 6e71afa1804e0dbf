using BreachDesk.Infrastructure.Database;
using System.Data.Common;
using Weasel.Core;
using Weasel.Postgresql.Triggers;

namespace BreachDesk.Listing;

/// <summary>
/// A trigger of ours on the incident view's table. Weasel compares a trigger with PostgreSQL's own rendering of it,
/// which does not match (see <c>EventsTableTrigger</c>); this one is the same when it fires on the given events
/// and calls the given function, and that function's body is <paramref name="functionSql"/>'s. <c>before</c> runs just
/// before it is created, in the same statement.
/// </summary>
/// <remarks>
/// Why the function's body is compared too: Weasel replaces a changed function by dropping it with <c>CASCADE</c>,
/// which drops this trigger, while the trigger's own delta, read before the migration, said it was there. A
/// <c>db-apply</c> that changed the function left the view without its trigger (found upgrading to decision 0030's
/// version); so a changed function makes this trigger part of the same migration, created again after it.
/// </remarks>
public sealed class ViewTableTrigger : Trigger, ISchemaObject
{
    private readonly string _functionName;
    private readonly string _events;
    private readonly string _before;
    private readonly string _schema;
    private readonly string _functionSource;

    public ViewTableTrigger(string schema, string table, string functionName, string functionSql, TriggerEvents events, bool forEachRow, string before)
        : base($"{schema}.{functionName}", table, $"{schema}.{functionName}()")
    {
        _functionName = functionName;
        _before = before;
        _schema = schema;
        _functionSource = FunctionSource.Of(functionSql);
        Timing = TriggerTiming.After;
        Events = events;
        ForEachRow = forEachRow;
        // In the order pg_get_triggerdef names them.
        _events = string.Join(" OR ", new[] { (TriggerEvents.Insert, "INSERT"), (TriggerEvents.Delete, "DELETE"),
            (TriggerEvents.Update, "UPDATE"), (TriggerEvents.Truncate, "TRUNCATE") }.Where(e => events.HasFlag(e.Item1)).Select(e => e.Item2));
    }

    void ISchemaObject.WriteCreateStatement(Migrator migrator, TextWriter writer)
    {
        if (_before.Length == 0)
        {
            WriteCreateStatement(migrator, writer);
            return;
        }
        // One block, so one statement and one transaction: Weasel runs a migration's statements without one, and
        // the work before the trigger (a count under a lock) must end only once the trigger is there.
        var create = new StringWriter();
        WriteCreateStatement(migrator, create);
        writer.WriteLine("DO $block$ BEGIN");
        writer.WriteLine(_before);
        writer.WriteLine(create.ToString());
        writer.WriteLine("END $block$;");
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
        var same = existing.Contains($"AFTER {_events} ", StringComparison.OrdinalIgnoreCase)
                   && existing.Contains(ForEachRow ? "FOR EACH ROW" : "FOR EACH STATEMENT", StringComparison.OrdinalIgnoreCase)
                   && existing.Contains($"{_functionName}()", StringComparison.Ordinal)
                   && source == _functionSource;
        return new SchemaObjectDelta(this, same ? SchemaPatchDifference.None : SchemaPatchDifference.Update);
    }
}
