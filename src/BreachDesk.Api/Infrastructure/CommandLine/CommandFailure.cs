using BreachDesk.Infrastructure.Database;
using Npgsql;

namespace BreachDesk.Infrastructure.CommandLine;

/// <summary>What failed, in one line, for an operator: a missing or different schema names what to run, never its DDL.</summary>
internal static class CommandFailure
{
    private const string SchemaAdvice = "run '" + SchemaLifecycle.ApplyCommand + "' ('db-assert' says what differs)";

    public static string OneLine(Exception e)
    {
        var root = e;
        while (root.InnerException is not null && root is AggregateException or InvalidOperationException) root = root.InnerException;
        return root switch
        {
            _ when root.GetType().Name == "DatabaseValidationException" => "the database schema is missing or out of date; " + SchemaAdvice + ".",
            PostgresException { SqlState: PostgresErrorCodes.UndefinedTable } => "the database schema is missing; " + SchemaAdvice + ".",
            _ => $"{root.GetType().Name}: {root.Message.Split('\n')[0].Trim()}",
        };
    }
}
