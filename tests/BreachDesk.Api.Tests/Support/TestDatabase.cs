using Npgsql;
using Testcontainers.PostgreSql;

namespace BreachDesk.Tests.Support;

/// <summary>
/// A real PostgreSQL for the tests: the server named by BREACHDESK_TEST_CONNECTION when it is set (the test
/// command starts a private one where no Docker engine runs), Testcontainers otherwise. Each fixture gets a
/// database of its own, so fixtures running in parallel never see each other's incidents.
/// </summary>
public static class TestDatabase
{
    public const string EnvironmentVariable = "BREACHDESK_TEST_CONNECTION";

    private static readonly Lazy<Task<string>> Server = new(StartServerAsync);

    public static async Task<string> CreateAsync()
    {
        var server = await Server.Value;
        var name = $"breachdesk_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        // Many services run side by side in one test run; a modest pool each keeps them within the server's connections.
        return new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true, MaxPoolSize = 40 }.ConnectionString;
    }

    /// <summary>Runs <paramref name="sql"/> (one or more statements) on <paramref name="database"/>.</summary>
    public static async Task Execute(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The first column of every row <paramref name="sql"/> returns, as text, in its order.</summary>
    public static async Task<List<string>> Strings(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }

    private static async Task<string> StartServerAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured)) return configured;

        var container = new PostgreSqlBuilder("postgres:15-alpine").WithCommand("-c", "max_connections=1000").Build();
        await container.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return container.GetConnectionString();
    }
}
