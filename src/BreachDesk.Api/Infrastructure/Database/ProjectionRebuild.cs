using System.Diagnostics;
using Marten;
using Npgsql;

namespace BreachDesk.Infrastructure.Database;

/// <summary>
/// A table that a row trigger on a projected document's table keeps (the search words, the status counts), and how to
/// fill it from that document table in one statement: what its trigger would have left, derived from the rows alone.
/// </summary>
/// <param name="Projection">The projection whose rebuild writes the document table (<c>projections list</c>'s name).</param>
/// <param name="Document">The document type of that table.</param>
/// <param name="RefillSql">The SQL that empties the kept table and fills it again, given the document table's name.</param>
public sealed record TriggerKeptTable(string Projection, Type Document, Func<string, string> RefillSql);

/// <summary>
/// The operators' <c>projections rebuild</c> (decision 0033). Marten replays the events and writes each view row again,
/// one statement per row; the row triggers on the incident view's table then parse each row's words and count each
/// status, one row at a time (5 of PostgreSQL's 17 statement seconds at 20,000 incidents). In the rebuild's own
/// process every connection carries <see cref="Setting"/>, which those triggers read to skip their work; once Marten is done, each
/// kept table is filled from the rebuilt rows in one set-based statement (<see cref="TriggerKeptTable"/>, the same
/// statement that runs when the trigger is first created). The service's own connections never carry the setting, so
/// a rebuild that dies half-way leaves no trigger off: only the kept tables stale until the next rebuild, as the view is.
/// Its connections also prepare the statements they repeat (<see cref="ConfigureConnections"/>).
/// </summary>
public static class ProjectionRebuild
{
    /// <summary>A custom PostgreSQL setting, on in the rebuild's sessions only (a startup option of its connections).</summary>
    public const string Setting = "breachdesk.rebuilding";

    /// <summary>The guard a kept table's row trigger starts with.</summary>
    public const string SkipInRebuildSql = $"IF current_setting('{Setting}', true) = 'on' THEN RETURN NULL; END IF;";

    /// <summary><c>projections rebuild …</c> (or JasperFx's older <c>projections --rebuild</c>).</summary>
    public static bool IsRequestedBy(IReadOnlyList<string> args)
    {
        var words = args.Where(a => !a.StartsWith('-')).Select(a => a.ToLowerInvariant()).ToList();
        return words.FirstOrDefault() == "projections" && (words.Contains("rebuild") || args.Contains("--rebuild"));
    }

    /// <summary>The rebuild's connections: <see cref="Setting"/> on among their startup options, and statements prepared.</summary>
    public static void ConfigureConnections(NpgsqlConnectionStringBuilder connection)
    {
        connection.Options = $"{connection.Options} -c {Setting}=on".Trim();
        // Marten's replay sends the same few upserts and page queries hundreds of thousands of times; prepared on each
        // connection after their second use, PostgreSQL parses and plans each once instead of every time (measured:
        // half of PostgreSQL's CPU in a rebuild, decision 0033). Unless the connection string already says otherwise.
        if (connection.MaxAutoPrepare == 0)
        {
            connection.MaxAutoPrepare = 20;
            connection.AutoPrepareMinUsages = 2;
        }
    }

    /// <summary>
    /// What to run after Marten's replay, succeeded or not: fill every kept table of a rebuilt projection from its rows.
    /// Taken from the services before the command runs, because JasperFx disposes the host (its store, its data source)
    /// when the command ends.
    /// </summary>
    public static Func<Task> RefillOfKeptTables(IServiceProvider services, IReadOnlyList<string> args)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var connectionString = services.GetRequiredService<IConfiguration>().GetConnectionString("BreachDesk")!;
        var named = ProjectionsNamedIn(args);
        var refills = services.GetServices<TriggerKeptTable>()
            .Where(kept => named.Count == 0 || named.Contains(kept.Projection, StringComparer.OrdinalIgnoreCase))
            .Select(kept => (kept.Projection, Sql: kept.RefillSql(store.Options.Schema.For(kept.Document))))
            .ToList();
        return async () =>
        {
            if (refills.Count == 0) return;
            var clock = Stopwatch.StartNew();
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            foreach (var (_, sql) in refills)
            {
                await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
                await command.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
            Console.WriteLine($"Refilled the tables kept by {string.Join(", ", refills.Select(r => r.Projection).Distinct())}'s triggers in {clock.ElapsedMilliseconds} ms");
        };
    }

    /// <summary>The projections given with <c>-p</c> / <c>--projection</c>; none means all.</summary>
    private static List<string> ProjectionsNamedIn(IReadOnlyList<string> args) =>
        args.Select((a, i) => (a, i)).Where(x => x.a is "-p" or "--projection" && x.i + 1 < args.Count).Select(x => args[x.i + 1]).ToList();
}
