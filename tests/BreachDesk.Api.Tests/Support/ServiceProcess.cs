using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace BreachDesk.Tests.Support;

/// <summary>
/// The real service as a separate operating-system process (<c>dotnet BreachDesk.Api.dll</c>), so that a test can kill
/// it the way a crash or the OOM killer would: <see cref="Kill"/> is SIGKILL, no shutdown code runs. Unlike
/// <see cref="RunningService"/> it runs in Wolverine's normal (balanced) mode, so several of them form a cluster.
/// Its output goes to a log file whose tail failure messages carry (kept after the test with BREACHDESK_KEEP_PROCESS_LOGS=1).
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServiceProcess(Process process, StreamWriter log, string logPath, Uri address) =>
        (_process, _log, LogPath, BaseAddress) = (process, log, logPath, address);

    public Uri BaseAddress { get; }
    public string LogPath { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <param name="settings">Configuration keys ("BreachDesk:Escalation:Targets:oncall-primary:0:Url") to values.</param>
    /// <param name="urlsFlag">
    /// How the service is told where to listen: null for ASPNETCORE_URLS, "--urls" for <c>--urls ADDRESS</c> on the
    /// command line, "--urls=" for <c>--urls=ADDRESS</c>.
    /// </param>
    public static async Task<ServiceProcess> StartAsync(string connectionString, IReadOnlyDictionary<string, string>? settings = null,
        TimeSpan? readyWithin = null, string? urlsFlag = null)
    {
        var service = Launch(connectionString, settings, urlsFlag);
        try
        {
            await service.WaitUntilReady(readyWithin ?? TimeSpan.FromSeconds(120));
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
        return service;
    }

    /// <summary>Starts the service and waits for it to exit by itself (a start it refuses): its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(string connectionString,
        IReadOnlyDictionary<string, string>? settings, string? urlsFlag, TimeSpan within)
    {
        await using var service = Launch(connectionString, settings, urlsFlag);
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await service._process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The service was still running after {within}; see {service.LogPath}:\n{service.Tail()}");
        }
        return (service._process.ExitCode, service.Tail(200));
    }

    private static ServiceProcess Launch(string connectionString, IReadOnlyDictionary<string, string>? settings, string? urlsFlag)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var listenAt = address.ToString().TrimEnd('/');
        var logPath = Path.Combine(Path.GetTempPath(), $"breachdesk-process-{port}-{Guid.NewGuid():N}.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };

        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { ApiAssembly() },
            WorkingDirectory = Path.GetDirectoryName(ApiAssembly())!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        switch (urlsFlag)
        {
            case null: break;
            case "--urls": start.ArgumentList.Add("--urls"); start.ArgumentList.Add(listenAt); break;
            case "--urls=": start.ArgumentList.Add("--urls=" + listenAt); break;
            default: throw new ArgumentOutOfRangeException(nameof(urlsFlag), urlsFlag, "null, \"--urls\" or \"--urls=\"");
        }
        // Environment variables, with "__" for ':', reach every part of configuration, including keys with '-'.
        // The test server is shared by parallel fixtures (max_connections 300): a process takes at most 20 unless told.
        if (!connectionString.Contains("Pool Size", StringComparison.OrdinalIgnoreCase)) connectionString += ";Maximum Pool Size=20";
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings:BreachDesk"] = connectionString,
            ["BreachDesk:Auth:DevKeys"] = "true",
            ["BreachDesk:Database:ApplyChangesOnStart"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (urlsFlag is null) environment["ASPNETCORE_URLS"] = listenAt;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
        foreach (var (key, value) in environment) start.Environment[key.Replace(":", "__")] = value;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(log, "out", e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, "err", e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceProcess(process, log, logPath, address);
    }

    private static void Write(StreamWriter log, string stream, string? line)
    {
        if (line is null) return;
        lock (log)
        {
            try { log.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {stream} {line}"); }
            catch (ObjectDisposedException) { }
        }
    }

    public async Task WaitUntilReady(TimeSpan within)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTimeOffset.UtcNow + within;
        while (DateTimeOffset.UtcNow < until)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The service exited with {_process.ExitCode} before it was ready; see {LogPath}:\n{Tail()}");
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The service was not ready within {within}; see {LogPath}:\n{Tail()}");
    }

    /// <summary>
    /// An operator's command (<c>dotnet BreachDesk.Api.dll db-assert</c>, <c>alerts resume</c>…) against the database, as
    /// production runs it (schema changes only by command): its exit code and everything it printed, stdout then stderr.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(string connectionString, string[] args,
        IReadOnlyDictionary<string, string>? settings = null, TimeSpan? within = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(ApiAssembly())!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ApiAssembly());
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ConnectionStrings__BreachDesk"] = connectionString;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key.Replace(":", "__")] = value;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{string.Join(' ', args)}' was still running after {within}:\n{await output}{await errors}");
        }
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>SIGTERM, as Kubernetes, systemd and Ctrl+C stop a service: it shuts down gracefully.</summary>
    public void Terminate()
    {
        if (!_process.HasExited && SendSignal(_process.Id, 15) != 0)
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed: errno {Marshal.GetLastWin32Error()}");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    /// <summary>Waits for the process to end by itself; false when it was still running after <paramref name="within"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL on Linux: the process gets no chance to finish anything.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(30_000);
    }

    public HttpClient Client(string? apiKey = "dev-reporter")
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>The last lines of the service's output, for failure messages.</summary>
    public string Tail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var all = new StreamReader(stream).ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"(log unreadable: {e.Message})";
        }
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The Api project's build output of the same configuration as this test assembly (the test project references it).</summary>
    public static string ApiAssembly()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)); // .../bin/Debug/net10.0
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "BreachDesk.sln"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException($"No BreachDesk.sln above {AppContext.BaseDirectory}.");
        var dll = Path.Combine(root.FullName, "src", "BreachDesk.Api", "bin", configuration, framework, "BreachDesk.Api.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build the Api project ({configuration}) first.", dll);
        return dll;
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        await Task.Yield();
        lock (_log) _log.Dispose();
        // Failure messages carry the log's tail; keep whole logs only when asked.
        if (Environment.GetEnvironmentVariable("BREACHDESK_KEEP_PROCESS_LOGS") is not "1") File.Delete(LogPath);
    }
}
