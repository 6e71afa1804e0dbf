using System.Diagnostics;

namespace BreachDesk.Tests.Support;

/// <summary>
/// A PostgreSQL cluster of one test's own (deploy/local/postgres.sh, under .local/postgres/), which the test may stop
/// and start: the shared test server must never be restarted. Needs PostgreSQL's server binaries, as the test command
/// does where no Docker engine runs.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _script;
    private readonly string _name;

    private PrivatePostgres(string script, string name, int port, string connectionString) =>
        (_script, _name, Port, ConnectionString) = (script, name, port, connectionString);

    public int Port { get; }
    public string ConnectionString { get; }

    public static bool Available() =>
        Directory.Exists("/usr/lib/postgresql") && Directory.EnumerateFiles("/usr/lib/postgresql", "pg_ctl", SearchOption.AllDirectories).Any();

    public static async Task<PrivatePostgres> StartAsync()
    {
        var root = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(ServiceProcess.ApiAssembly())))!; // src/BreachDesk.Api/bin
        var repo = Path.GetFullPath(Path.Combine(root, "..", "..", ".."));
        var script = Path.Combine(repo, "deploy", "local", "postgres.sh");
        var name = $"faults-{Guid.NewGuid():N}"[..15];
        var port = ServiceProcess.FreePort();
        var connection = (await RunAsync(script, "start", name, port.ToString())).Trim().Split('\n').Last();
        return new PrivatePostgres(script, name, port, connection);
    }

    public Task StopAsync() => RunAsync(_script, "stop", _name);

    public Task StartAgainAsync() => RunAsync(_script, "start", _name, Port.ToString());

    private static async Task<string> RunAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"postgres.sh {string.Join(' ', arguments)} failed: {await error}");
        return await output;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        var folder = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(_script))!, "..", ".local", "postgres", _name);
        try
        {
            var target = new DirectoryInfo(folder).LinkTarget is { } link ? link : null;
            if (target is not null) Directory.Delete(target, recursive: true);
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left under .local/ (git-ignored); harmless.
        }
    }
}
