using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using BreachDesk.Infrastructure.CommandLine;
using Wolverine;

namespace BreachDesk.Tests.Support;

/// <summary>The real service, listening on a real loopback socket, against a real database.</summary>
public sealed class RunningService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningService(WebApplication app, Uri address) => (_app, BaseAddress) = (app, address);

    public Uri BaseAddress { get; }
    public IServiceProvider Services => _app.Services;

    /// <param name="settings">
    /// Extra configuration as <c>key=value</c>, given as command-line arguments: unlike values set in
    /// <paramref name="configure"/>, these are seen by the parts that read configuration while services are registered.
    /// </param>
    public static async Task<RunningService> StartAsync(string connectionString, Action<WebApplicationBuilder>? configure = null,
        params string[] settings)
    {
        var app = Build(connectionString, configure, settings);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningService(app, new Uri(address));
    }

    /// <summary>
    /// An operator's command (<c>projections rebuild …</c>), through the service's own command line, as the process runs
    /// it: the command is among the arguments the application is built with, and answered by <c>RunCommandLineAsync</c>.
    /// One at a time: a command owns the process's console (JasperFx's rebuild progress display fails, "Errors detected",
    /// when two run at once in one process), as it does in the operator's own process.
    /// </summary>
    public static async Task<int> RunCommandAsync(string connectionString, params string[] command)
    {
        await OneCommandAtATime.WaitAsync();
        try
        {
            return await Create(connectionString, null, [], command).RunCommandLineAsync(command);
        }
        finally
        {
            OneCommandAtATime.Release();
        }
    }

    private static readonly SemaphoreSlim OneCommandAtATime = new(1, 1);

    /// <summary>The service as the tests configure it, built but not started (to run a JasperFx command on it).</summary>
    public static WebApplication Build(string connectionString, Action<WebApplicationBuilder>? configure = null, params string[] settings) =>
        Create(connectionString, configure, settings, []);

    private static WebApplication Create(string connectionString, Action<WebApplicationBuilder>? configure, string[] settings, string[] command) =>
        BreachDeskApp.Create(
            [
                ..command,
                "--urls=http://127.0.0.1:0",
                $"--ConnectionStrings:BreachDesk={connectionString}",
                "--BreachDesk:Auth:DevKeys=true",
                // Tests create their schema as they start, like Development; production applies it with db-apply.
                "--BreachDesk:Database:ApplyChangesOnStart=true",
                "--Logging:LogLevel:Default=Warning",
                ..settings.Select(setting => $"--{setting}"),
            ],
            builder =>
            {
                // One node per test service: no leader election to wait for; it runs every agent itself.
                builder.Services.RunWolverineInSoloMode();
                configure?.Invoke(builder);
            });

    /// <summary>A client that authenticates with the given development key (or none).</summary>
    public HttpClient Client(string? apiKey = "dev-reporter")
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
