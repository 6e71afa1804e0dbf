using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace BreachDesk.Escalating.Sweeping;

/// <summary>
/// The two tables the sweep runs on. <c>escalation_wakeups</c> holds at most one row per incident with a running clock:
/// when the sweeper should look at it next, and the level of what falls due then. Only the sweeper writes it, so a
/// person's transaction never waits on a row the sweeper holds. <c>escalation_replans</c> is where people's
/// transactions say "a clock may have moved": insert-only from their side, deleted by the sweeper once handled.
/// </summary>
public static class EscalationTables
{
    public const string WakeUps = "escalation_wakeups";
    public const string Replans = "escalation_replans";

    public static IEnumerable<Table> SchemaObjects(string schema)
    {
        var wakeUps = new Table($"{schema}.{WakeUps}");
        wakeUps.AddColumn<Guid>("incident_id").AsPrimaryKey();
        wakeUps.AddColumn<DateTimeOffset>("next_at").NotNull();
        wakeUps.AddColumn<int>("priority").NotNull();
        // The due query: next_at <= now, the most urgent first. Due rows are few, so a range on next_at and a sort of those is enough.
        wakeUps.Indexes.Add(new IndexDefinition($"ix_{WakeUps}_next_at") { Columns = ["next_at"] });
        yield return wakeUps;

        var replans = new Table($"{schema}.{Replans}");
        replans.AddColumn<Guid>("incident_id").NotNull();
        replans.AddColumn<DateTimeOffset>("signalled_at").NotNull(); // the oldest signal is handled first
        replans.Indexes.Add(new IndexDefinition($"ix_{Replans}_incident_id") { Columns = ["incident_id"] });
        yield return replans;
    }
}
