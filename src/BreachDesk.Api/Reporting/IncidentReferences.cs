using BreachDesk.Incidents;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace BreachDesk.Reporting;

/// <summary>
/// Allocates <c>BD-&lt;year&gt;-&lt;number&gt;</c> references from a per-year counter row. The upsert takes a row
/// lock, so concurrent reports on several nodes are serialised by PostgreSQL and never share a number.
/// </summary>
public sealed class IncidentReferences(NpgsqlDataSource dataSource, string schema)
{
    public const string TableName = "incident_reference_counters";

    /// <summary>The counter table, created with the rest of the schema by Marten.</summary>
    public static Table SchemaObject(string schema)
    {
        var table = new Table($"{schema}.{TableName}");
        table.AddColumn<int>("year").AsPrimaryKey();
        table.AddColumn<long>("last_number").NotNull();
        return table;
    }

    public async Task<string> NextAsync(DateTimeOffset now, CancellationToken cancellation)
    {
        var year = now.UtcDateTime.Year;
        await using var command = dataSource.CreateCommand(
            $"""
             INSERT INTO {schema}.{TableName} AS c (year, last_number) VALUES ($1, 1)
             ON CONFLICT (year) DO UPDATE SET last_number = c.last_number + 1
             RETURNING last_number
             """);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = year });
        var number = (long)(await command.ExecuteScalarAsync(cancellation))!;
        return IncidentReference.Format(year, number);
    }
}
