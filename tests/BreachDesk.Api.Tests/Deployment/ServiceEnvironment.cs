using System.Text.RegularExpressions;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BreachDesk.Tests.Deployment;

/// <summary>
/// Checks an environment from a deploy file against the service itself: the service is built (not started) with
/// that environment as its configuration, and must have read the database, the API key and the OTLP endpoint from it.
/// Values held in a Secret are replaced by samples. Every key must also be in docs/configuration.md.
/// </summary>
public static class ServiceEnvironment
{
    public const string SampleKey = "sample-siem-key";
    public static readonly string SampleConnection = "Host=postgres.example;Port=5432;Database=breachdesk;Username=breachdesk;Password=p";
    public static readonly string SampleKeyHash = ApiKeyStore.Hash(SampleKey);

    /// <summary>Set by the platform or the OpenTelemetry SDK rather than by our code.</summary>
    private static readonly string[] PlatformPrefixes = ["ASPNETCORE_", "DOTNET_", "OTEL_"];

    public static async Task AssertServiceReads(IReadOnlyDictionary<string, string?> environment)
    {
        Assert.Contains("ConnectionStrings__BreachDesk", environment.Keys);
        Assert.Contains(TelemetryConfiguration.StandardOtlpEndpointKey, environment.Keys);
        Assert.Contains(environment.Keys, k => k.StartsWith("BreachDesk__Auth__ApiKeys__", StringComparison.Ordinal));

        var documented = DocumentedKeys();
        foreach (var key in environment.Keys.Where(k => !PlatformPrefixes.Any(p => k.StartsWith(p, StringComparison.Ordinal))
                                                        || k == TelemetryConfiguration.StandardOtlpEndpointKey))
            Assert.True(documented.Contains(Normalise(DeployFiles.ConfigurationKey(key))), $"{key} is not in docs/configuration.md");

        var args = environment.Select(e => $"--{DeployFiles.ConfigurationKey(e.Key)}={e.Value}").ToArray();
        var app = BreachDeskApp.Create(args);
        try
        {
            var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
            Assert.Equal("postgres.example", new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Host);
            var key = app.Services.GetRequiredService<ApiKeyStore>().Find(SampleKey);
            Assert.NotNull(key);
            Assert.Contains(Roles.Reporter, key!.Roles);
            Assert.StartsWith("http", app.Configuration[TelemetryConfiguration.StandardOtlpEndpointKey]);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>Keys in the configuration reference, with list indexes (N, M, 0...) made alike.</summary>
    private static HashSet<string> DocumentedKeys() =>
        Regex.Matches(DeployFiles.Text("docs/configuration.md"), @"`([A-Za-z_][A-Za-z0-9_:]*)`")
            .Select(m => Normalise(m.Groups[1].Value)).ToHashSet();

    private static string Normalise(string key) => Regex.Replace(key, @":(\d+|N|M)(?=:|$)", ":#");
}
