using BreachDesk.Infrastructure.Database;
using JasperFx;
using JasperFx.Environment;

namespace BreachDesk.Infrastructure.CommandLine;

/// <summary>
/// The process's command line: the plain run, or an operator's command (db-apply, db-assert, db-patch, db-dump,
/// projections, alerts, describe, check-env, codegen…). Most are JasperFx's; where JasperFx's answer is wrong for this
/// service (see each below), the command is answered here. Whatever fails, the exit code says so, for systemd,
/// Kubernetes and scripts to see.
/// </summary>
public static class ServiceCommandLine
{
    private static readonly string[] AspNetCoreFlags = ["--urls", "--http_ports", "--https_ports"];

    public static async Task<int> RunCommandLineAsync(this WebApplication app, string[] args)
    {
        // JasperFx hands a command line holding one of these flags to IHost.RunAsync itself and then answers 0 whatever
        // happened, so a service that refused to start (schema out of date, database unreachable) looked like a clean
        // exit; and it refuses "--urls=..." as an unknown flag. Such a command line is the plain run: we run it here.
        if (args.Any(IsAspNetCoreFlag)) return await RunServiceAsync(app);

        var command = args.FirstOrDefault(a => !a.StartsWith('-'))?.ToLowerInvariant();
        if (command is null or "run") return await app.RunJasperFxCommands(args);

        CommandConsole.Install();
        var file = args.Skip(1).FirstOrDefault(a => !a.StartsWith('-'));
        var databaseChosen = args.Any(a => a is "-d" or "--database");
        try
        {
            switch (command)
            {
                // Without -d, JasperFx sees Marten's and Wolverine's tables as two databases and refuses, or covers one.
                case "db-assert" when !databaseChosen && args.Length == 1:
                    return await SchemaCommands.AssertAsync(app.Services);
                case "db-patch" when !databaseChosen && file is not null:
                    return await SchemaCommands.PatchAsync(app.Services, file);
                case "db-dump" when !databaseChosen && file is not null:
                    return await SchemaCommands.DumpAsync(app.Services, file);
                // JasperFx says only "Some environment checks failed!".
                case "check-env" when args.Length == 1:
                    return await CheckEnvironmentAsync(app.Services);
                // describe lists every configuration value of every source: no password may be among them.
                case "describe":
                    SecretMasking.MaskIn((IConfigurationRoot)app.Configuration);
                    break;
            }

            // Marten's replay writes the views; the tables their triggers keep are filled once, after it (decision 0033).
            var afterRebuild = ProjectionRebuild.IsRequestedBy(args) ? ProjectionRebuild.RefillOfKeptTables(app.Services, args) : null;
            var exitCode = await app.RunJasperFxCommands(args);
            if (afterRebuild is not null) await afterRebuild();
            // JasperFx answers 1 to every help it gives; help that was asked for and given is a success.
            return command == "help" ? 0 : exitCode;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await Console.Error.WriteLineAsync($"{command}: {CommandFailure.OneLine(e)}");
            return 1;
        }
        finally
        {
            Console.Out.Flush();
        }
    }

    private static async Task<int> RunServiceAsync(WebApplication app)
    {
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (Exception e)
        {
            // The host has logged the failure with its stack trace ("Hosting failed to start"); this names it for the console.
            await Console.Error.WriteLineAsync($"BreachDesk stopped: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> CheckEnvironmentAsync(IServiceProvider services)
    {
        var results = await EnvironmentChecker.ExecuteAllEnvironmentChecks(services);
        foreach (var failure in results.Failures)
            Console.WriteLine($"check-env: FAILED {failure.Description}: {CommandFailure.OneLine(failure.Exception)}");
        Console.WriteLine(results.Failures.Length == 0
            ? $"check-env: all {results.Successes.Length} checks passed."
            : $"check-env: {results.Failures.Length} of {results.Failures.Length + results.Successes.Length} checks failed.");
        return results.Failures.Length == 0 ? 0 : 1;
    }

    private static bool IsAspNetCoreFlag(string arg) => AspNetCoreFlags.Any(flag =>
        arg.Equals(flag, StringComparison.OrdinalIgnoreCase) || arg.StartsWith(flag + "=", StringComparison.OrdinalIgnoreCase));
}
