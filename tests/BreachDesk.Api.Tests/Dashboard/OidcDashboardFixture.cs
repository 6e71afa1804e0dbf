using System.Net.Http.Headers;
using BreachDesk.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;


namespace BreachDesk.Tests.Dashboard;

/// <summary>
/// The service configured for OpenID Connect sign-in (development keys off) with the test provider, whose
/// <c>/authorize</c> signs in the person a test chose, and one browser.
/// </summary>
public sealed class OidcDashboardFixture : IAsyncLifetime
{
    public const string Audience = "breachdesk-api";
    public const string ClientId = "breachdesk-dashboard";
    public const string ProviderName = "Test provider";
    public const string Resource = "urn:breachdesk:api";

    public TestIdentityProvider Provider { get; private set; } = null!;
    public RunningService Service { get; private set; } = null!;
    public DashboardBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Provider = await TestIdentityProvider.StartAsync();
        Service = await RunningService.StartAsync(await TestDatabase.CreateAsync(), null,
            $"BreachDesk:Auth:Oidc:Authority={Provider.Issuer}",
            $"BreachDesk:Auth:Oidc:Audience={Audience}",
            $"BreachDesk:Auth:Oidc:ClientId={ClientId}",
            $"BreachDesk:Auth:Oidc:DisplayName={ProviderName}",
            $"BreachDesk:Auth:Oidc:Resource={Resource}",
            // As Auth0 wants it: the API named by an `audience` parameter of its own.
            $"BreachDesk:Auth:Oidc:ExtraAuthorizeParameters:audience={Audience}",
            "BreachDesk:Auth:DevKeys=false");
        // The dashboard's address is its redirect URI: the provider sends the browser back to the page itself.
        Provider.RegisterPublicClient(ClientId, Service.BaseAddress.ToString(), Audience);
        Browser = await DashboardBrowser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Service.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

/// <summary>The sign-in tests share one service, provider and browser, and run one after another, so each may choose the
/// provider's next person and token lifetime.</summary>
[CollectionDefinition(Name)]
public sealed class OidcDashboardCollection : ICollectionFixture<OidcDashboardFixture>
{
    public const string Name = "oidc-dashboard";
}

/// <summary>What the sign-in tests share: the people the provider signs in, API clients acting as them, and signing in
/// through the provider in the browser.</summary>
public abstract class OidcDashboardTests(OidcDashboardFixture fixture)
{
    protected RunningService Service => fixture.Service;
    protected TestIdentityProvider Provider => fixture.Provider;
    protected DashboardBrowser Browser => fixture.Browser;

    protected static Dictionary<string, object> Person(string username, params string[] roles) => new()
    {
        ["sub"] = $"subject-{Guid.NewGuid():N}",
        ["preferred_username"] = username,
        ["name"] = username,
        ["roles"] = roles,
    };

    /// <summary>An API client acting as a person with a token straight from the provider (development keys are off).</summary>
    protected HttpClient As(string username, params string[] roles)
    {
        var client = Service.Client(apiKey: null);
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", Provider.Token(Person(username, roles), OidcDashboardFixture.Audience));
        return client;
    }

    /// <summary>Opens the dashboard, presses "Sign in with …", goes through the provider and back, and waits for the board.</summary>
    protected async Task<IPage> SignInAtProvider(Dictionary<string, object> person, string startAt = "/")
    {
        Provider.SignInAs = person;
        var page = await Browser.NewPage(Service);
        var log = new List<string>();
        page.Console += (_, message) => log.Add($"console {message.Type}: {message.Text}");
        page.FrameNavigated += (_, frame) => log.Add($"navigated: {frame.Url}");
        page.PageError += (_, error) => log.Add($"page error: {error}");
        try
        {
            await page.GotoAsync(startAt);
            await DashboardBrowser.ExpectSignInPage(page);
            await page.GetByRole(AriaRole.Button, new() { Name = $"Sign in with {OidcDashboardFixture.ProviderName}", Exact = true }).ClickAsync();
            // Generous: the round trip, the code exchange and the stream's connection on a loaded machine (5 s was seen to fail).
            await Expect(page.Locator("#live")).ToHaveTextAsync("Live", new() { Timeout = 30_000 });
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            throw new Exception($"Signing in failed at {page.Url}:\n{string.Join('\n', log)}", e);
        }
        return page;
    }

    /// <summary>Makes the stored access token one the API refuses (as a revoked or expired one would be).</summary>
    protected const string SpoilAccessToken = """
        () => { for (const k of Object.keys(sessionStorage).filter((k) => k.startsWith('oidc.user:'))) {
          const u = JSON.parse(sessionStorage.getItem(k)); u.access_token = 'not-a-token'; sessionStorage.setItem(k, JSON.stringify(u)); } }
        """;

    protected const string StoredUsers = "() => Object.keys(sessionStorage).filter((k) => k.startsWith('oidc.user:')).length";

    protected const string StoredRefreshToken =
        "() => Object.keys(sessionStorage).some((k) => k.startsWith('oidc.user:') && !!JSON.parse(sessionStorage.getItem(k)).refresh_token)";

}
