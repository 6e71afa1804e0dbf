using BreachDesk.Infrastructure.Database;
using JasperFx;
using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;
using Wolverine.Persistence.Durability;

namespace BreachDesk.Infrastructure.CommandLine;

/// <summary>
/// <c>db-assert</c>, <c>db-patch FILE</c> and <c>db-dump FILE</c> over the whole schema: Marten's part (events,
/// documents, our own tables and triggers) and Wolverine's (inbox, outbox, scheduled messages, dead letters, nodes).
/// JasperFx's own commands see the two as separate databases and refuse without <c>-d</c>, then cover one; and its
/// db-assert prints every statement of a missing schema with a stack trace. These answer in a line or two.
/// </summary>
internal static class SchemaCommands
{
    public static async Task<int> AssertAsync(IServiceProvider services)
    {
        var wrong = new List<string>();
        foreach (var (name, database) in Databases(services))
        {
            var migration = await database.CreateMigrationAsync();
            if (migration.Difference == SchemaPatchDifference.None) continue;
            wrong.Add($"{name} {(migration.Difference == SchemaPatchDifference.Create ? "is missing" : "is out of date")}");
        }

        if (wrong.Count == 0)
        {
            Console.WriteLine("db-assert: the database schema matches this version of BreachDesk.");
            return 0;
        }
        Console.WriteLine($"db-assert: the database schema does not match this version: {string.Join("; ", wrong)}.");
        Console.WriteLine($"Run '{SchemaLifecycle.ApplyCommand}' to apply the changes, or 'dotnet BreachDesk.Api.dll db-patch FILE' to write them as SQL for review.");
        return 1;
    }

    /// <summary>The SQL that db-apply would run, into FILE, and what would undo it into FILE's name with <c>.drop.sql</c>.</summary>
    public static async Task<int> PatchAsync(IServiceProvider services, string file)
    {
        var dropFile = Path.ChangeExtension(file, null) + ".drop.sql";
        await using var updates = new StreamWriter(file);
        await using var drops = new StreamWriter(dropFile);
        var changes = 0;
        foreach (var (name, database) in Databases(services))
        {
            var migration = await database.CreateMigrationAsync();
            if (migration.Difference == SchemaPatchDifference.None) continue;
            changes++;
            await updates.WriteLineAsync($"-- {name}");
            migration.WriteAllUpdates(updates, database.Migrator, AutoCreate.CreateOrUpdate);
            await drops.WriteLineAsync($"-- {name}");
            migration.WriteAllRollbacks(drops, database.Migrator);
        }
        Console.WriteLine(changes == 0
            ? $"db-patch: the schema is up to date; {file} holds no change."
            : $"db-patch: wrote the changes to {file} and how to undo them to {dropFile}.");
        return 0;
    }

    /// <summary>The whole DDL of both parts, as a script that creates the schema from nothing.</summary>
    public static async Task<int> DumpAsync(IServiceProvider services, string file)
    {
        await using var writer = new StreamWriter(file);
        foreach (var (name, database) in Databases(services))
        {
            await writer.WriteLineAsync($"-- {name}");
            await writer.WriteLineAsync(database.ToDatabaseScript());
        }
        Console.WriteLine($"db-dump: wrote the whole schema's DDL to {file}.");
        return 0;
    }

    private static IEnumerable<(string Name, IDatabase Database)> Databases(IServiceProvider services)
    {
        yield return ("the event store, documents and BreachDesk's own tables (schema '" + MartenConfiguration.Schema + "')",
            services.GetRequiredService<IDocumentStore>().Storage.Database);
        if (services.GetRequiredService<IMessageStore>() is IDatabase messages)
            yield return ("Wolverine's message storage", messages);
    }
}
