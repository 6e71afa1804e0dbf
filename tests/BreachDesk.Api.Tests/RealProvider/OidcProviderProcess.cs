using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace BreachDesk.Tests.RealProvider;

/// <summary>
/// panva's oidc-provider (tests/OidcProvider/provider.mjs, pinned by its package-lock.json and installed by this
/// project's build) run with Node on a free loopback port: its real discovery, JWKS, login and consent pages, token
/// endpoint and refresh-token rotation, as the organisations' providers behave, not as our double does.
/// </summary>
public sealed class OidcProviderProcess : IAsyncDisposable
{
    /// <summary>A person who may sign in (with any password, on the provider's development login page).</summary>
    public sealed record Account(string Name, string Email, params string[] Roles);

    /// <param name="Tokens">"jwt": JWT access tokens for BreachDesk without being asked; "opaque": only when the client sends <c>resource</c>.</param>
    public sealed record Settings(string ClientId, string RedirectUri, string Resource, string Tokens, int AccessTokenSeconds,
        IReadOnlyDictionary<string, Account> Accounts);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private OidcProviderProcess(Process process) => _process = process;

    public string Issuer { get; private set; } = "";

    /// <summary>What the provider printed (its grants and errors), for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>How many tokens it issued by each grant (<c>authorization_code</c>, <c>refresh_token</c>).</summary>
    public int Grants(string grantType) => _output.Count(line => line == $"grant.success {grantType}");

    public static async Task<OidcProviderProcess> StartAsync(Settings settings)
    {
        var start = new ProcessStartInfo("node", "provider.mjs")
        {
            WorkingDirectory = Folder(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["CLIENT_ID"] = settings.ClientId;
        start.Environment["REDIRECT_URI"] = settings.RedirectUri;
        start.Environment["RESOURCE"] = settings.Resource;
        start.Environment["TOKENS"] = settings.Tokens;
        start.Environment["ACCESS_TOKEN_TTL"] = settings.AccessTokenSeconds.ToString();
        start.Environment["ACCOUNTS"] = JsonSerializer.Serialize(settings.Accounts.ToDictionary(a => a.Key,
            a => new { name = a.Value.Name, email = a.Value.Email, roles = a.Value.Roles }));

        var provider = new OidcProviderProcess(Process.Start(start)!);
        var issuer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider._process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null) return;
            provider._output.Enqueue(line.Data);
            if (line.Data.StartsWith("issuer=", StringComparison.Ordinal)) issuer.TrySetResult(line.Data["issuer=".Length..]);
        };
        provider._process.ErrorDataReceived += (_, line) => { if (line.Data is not null) provider._output.Enqueue(line.Data); };
        provider._process.Exited += (_, _) => issuer.TrySetException(new InvalidOperationException($"oidc-provider exited:\n{provider.Output}"));
        provider._process.EnableRaisingEvents = true;
        provider._process.BeginOutputReadLine();
        provider._process.BeginErrorReadLine();
        try
        {
            // Generous: Node starting on a loaded machine.
            provider.Issuer = await issuer.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
        return provider;
    }

    private static string Folder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BreachDesk.sln"))) dir = dir.Parent;
        var folder = Path.Combine(dir?.FullName ?? throw new InvalidOperationException($"No BreachDesk.sln above {AppContext.BaseDirectory}."),
            "tests", "OidcProvider");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "oidc-provider")))
            throw new InvalidOperationException($"oidc-provider is not installed in {folder}: build the test project (it runs npm ci).");
        return folder;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
