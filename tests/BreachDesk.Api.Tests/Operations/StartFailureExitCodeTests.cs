using BreachDesk.Infrastructure.Database;
using BreachDesk.Tests.Support;

namespace BreachDesk.Tests.Operations;

/// <summary>
/// A service that refuses to start must exit non-zero, however it was told where to listen: systemd, Kubernetes and
/// scripts read a zero as a clean stop and would not report (or would not restart) it. Real processes, real exit codes.
/// </summary>
public class StartFailureExitCodeTests
{
    private static readonly Dictionary<string, string> Production = new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        [SchemaLifecycle.ApplyChangesOnStartKey] = "false",
    };

    [Theory]
    [InlineData(null)]      // ASPNETCORE_URLS
    [InlineData("--urls")]  // --urls ADDRESS: JasperFx ran the host itself and answered 0
    [InlineData("--urls=")] // --urls=ADDRESS: JasperFx refused it as an unknown flag
    public async Task A_start_refused_for_a_missing_schema_in_production_exits_non_zero(string? urlsFlag)
    {
        var (exitCode, output) = await ServiceProcess.RunUntilExitAsync(await TestDatabase.CreateAsync(), Production, urlsFlag,
            within: TimeSpan.FromMinutes(2));

        Assert.True(exitCode != 0, $"Exit code 0 after a refused start:\n{output}");
        Assert.Contains("db-apply", output); // it refused for the schema, not for the command line
    }

    [Fact]
    public async Task A_public_url_that_is_no_address_stops_the_start_naming_the_key_not_the_first_alert()
    {
        var (exitCode, output) = await ServiceProcess.RunUntilExitAsync(await TestDatabase.CreateAsync(),
            new Dictionary<string, string> { ["BreachDesk:PublicUrl"] = "breachdesk.example.org" }, urlsFlag: null, within: TimeSpan.FromMinutes(2));

        Assert.True(exitCode != 0, $"Exit code 0 after a refused start:\n{output}");
        Assert.Contains("BreachDesk:PublicUrl", output);
    }

    [Fact]
    public async Task With_urls_on_the_command_line_in_either_form_the_service_starts_and_listens_there()
    {
        var database = await TestDatabase.CreateAsync();
        foreach (var urlsFlag in new[] { "--urls", "--urls=" })
        {
            await using var service = await ServiceProcess.StartAsync(database, urlsFlag: urlsFlag);
            (await service.Client().GetAsync("/health/ready")).EnsureSuccessStatusCode();
        }
    }
}
