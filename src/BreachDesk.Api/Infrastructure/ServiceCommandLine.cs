using JasperFx;

namespace BreachDesk.Infrastructure;

/// <summary>
/// The process's command line: the plain run, or a JasperFx command (db-apply, db-assert, projections --rebuild,
/// codegen write). Whatever fails, the exit code says so, for systemd, Kubernetes and scripts to see.
/// </summary>
public static class ServiceCommandLine
{
    private static readonly string[] AspNetCoreFlags = ["--urls", "--http_ports", "--https_ports"];

    public static async Task<int> RunCommandLineAsync(this WebApplication app, string[] args)
    {
        // JasperFx hands a command line holding one of these flags to IHost.RunAsync itself and then answers 0 whatever
        // happened, so a service that refused to start (schema out of date, database unreachable) looked like a clean
        // exit; and it refuses "--urls=..." as an unknown flag. Such a command line is the plain run: we run it here.
        if (!args.Any(IsAspNetCoreFlag)) return await app.RunJasperFxCommands(args);

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

    private static bool IsAspNetCoreFlag(string arg) => AspNetCoreFlags.Any(flag =>
        arg.Equals(flag, StringComparison.OrdinalIgnoreCase) || arg.StartsWith(flag + "=", StringComparison.OrdinalIgnoreCase));
}
