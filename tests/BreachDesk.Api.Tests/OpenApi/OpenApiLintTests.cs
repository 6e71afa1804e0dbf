using System.Diagnostics;
using BreachDesk.Tests.Deployment;
using BreachDesk.Tests.Support;

namespace BreachDesk.Tests.OpenApi;

/// <summary>
/// The served document passes a standard OpenAPI linter: Redocly CLI, pinned in tests/openapi-lint (package-lock.json,
/// installed there by deploy/local/test.sh with `npm ci`), with its recommended rules (redocly.yaml says which are off
/// and why; .redocly.lint-ignore.yaml which findings are accepted and why). No errors and no warnings.
/// </summary>
[Collection("service")]
public class OpenApiLintTests(ServiceFixture fixture)
{
    private static readonly string LintFolder = DeployFiles.Path("tests/openapi-lint");

    [Fact]
    public async Task The_served_document_lints_clean_with_redocly()
    {
        var cli = Path.Combine(LintFolder, "node_modules", "@redocly", "cli", "bin", "cli.js");
        Assert.True(File.Exists(cli), $"Redocly CLI is not installed: run `npm ci` in {LintFolder} (deploy/local/test.sh does).");

        // The file name the ignore file speaks of.
        var document = await fixture.Service.Client("dev-auditor").GetStringAsync("/openapi/v1.json");
        await File.WriteAllTextAsync(Path.Combine(LintFolder, "openapi.json"), document);

        var start = new ProcessStartInfo("node", [cli, "lint", "openapi.json", "--format=stylish", "--max-problems=200"])
        {
            WorkingDirectory = LintFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NO_COLOR"] = "1";
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var lint = Process.Start(start)!;
        var output = lint.StandardOutput.ReadToEndAsync();
        var errors = lint.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await lint.WaitForExitAsync(patience.Token);
        var report = await output + await errors;

        Assert.True(lint.ExitCode == 0, $"redocly lint failed (exit {lint.ExitCode}):\n{report}");
        // Warnings do not change the exit code; the summary counts them ("You have 3 warnings.").
        Assert.DoesNotMatch(@"You have \d+ warnings?", report);
    }
}
