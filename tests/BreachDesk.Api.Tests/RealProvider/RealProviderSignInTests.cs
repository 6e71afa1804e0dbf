using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Tests.Dashboard;
using BreachDesk.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.Playwright;
using static BreachDesk.Tests.Support.IncidentApi;
using static Microsoft.Playwright.Assertions;

namespace BreachDesk.Tests.RealProvider;

/// <summary>
/// The service (development keys off) signing people in at oidc-provider, which knows BreachDesk as the resource
/// <see cref="Resource"/>, and one browser. The dashboard's address is fixed before the provider starts: it is the
/// client's registered redirect URI.
/// </summary>
public abstract class RealProviderFixture(string tokens, bool dashboardSendsResource) : IAsyncLifetime
{
    public const string Resource = "urn:breachdesk:api";
    public const string ClientId = "breachdesk-dashboard";
    public const string ProviderName = "Staff login";

    public static readonly IReadOnlyDictionary<string, OidcProviderProcess.Account> Accounts = new Dictionary<string, OidcProviderProcess.Account>
    {
        ["jane.dpo"] = new("Jane Dpo", "jane@example.org", Roles.Dpo),
    };

    public OidcProviderProcess Provider { get; private set; } = null!;
    public RunningService Service { get; private set; } = null!;
    public DashboardBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var dashboard = $"http://127.0.0.1:{ServiceProcess.FreePort()}/";
        Provider = await OidcProviderProcess.StartAsync(new(ClientId, dashboard, Resource, tokens, 3600, Accounts));
        string[] settings =
        [
            $"urls={dashboard}",
            $"BreachDesk:Auth:Oidc:Authority={Provider.Issuer}",
            $"BreachDesk:Auth:Oidc:Audience={Resource}",
            $"BreachDesk:Auth:Oidc:ClientId={ClientId}",
            $"BreachDesk:Auth:Oidc:DisplayName={ProviderName}",
            "BreachDesk:Auth:DevKeys=false",
        ];
        if (dashboardSendsResource) settings = [..settings, $"BreachDesk:Auth:Oidc:Resource={Resource}"];
        Service = await RunningService.StartAsync(await TestDatabase.CreateAsync(), null, settings);
        Browser = await DashboardBrowser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Service.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

/// <summary>A provider set up to issue JWT access tokens for BreachDesk's resource by default.</summary>
public sealed class JwtAccessTokenProviderFixture() : RealProviderFixture("jwt", dashboardSendsResource: false);

/// <summary>oidc-provider's default: opaque access tokens, unless the client names BreachDesk's resource (RFC 8707).</summary>
public sealed class ResourceIndicatorProviderFixture() : RealProviderFixture("opaque", dashboardSendsResource: true);

public class JwtAccessTokenSignInTests(JwtAccessTokenProviderFixture fixture)
    : RealProviderSignInTests(fixture), IClassFixture<JwtAccessTokenProviderFixture>;

public class ResourceIndicatorSignInTests(ResourceIndicatorProviderFixture fixture)
    : RealProviderSignInTests(fixture), IClassFixture<ResourceIndicatorProviderFixture>;

/// <summary>
/// Sign-in through oidc-provider's own login and consent pages in Chromium, then work in the dashboard: what the
/// person records carries her user name, and a refused token is renewed with the refresh token that the consent
/// prompt made the provider issue.
/// </summary>
public abstract class RealProviderSignInTests(RealProviderFixture fixture)
{
    private const string StoredUser =
        "() => JSON.parse(sessionStorage.getItem(Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user:'))) ?? 'null')";

    private const string SpoilAccessToken = """
        () => { for (const k of Object.keys(sessionStorage).filter((k) => k.startsWith('oidc.user:'))) {
          const u = JSON.parse(sessionStorage.getItem(k)); u.access_token = 'not-a-token'; sessionStorage.setItem(k, JSON.stringify(u)); } }
        """;

    private async Task<JsonObject> StoredUserOf(IPage page) =>
        JsonNode.Parse(await page.EvaluateAsync<string>($"() => JSON.stringify(({StoredUser})())"))!.AsObject();

    /// <summary>The access token is a JWT for BreachDesk (not the provider's opaque userinfo token).</summary>
    private static void AssertJwtForBreachDesk(string accessToken)
    {
        Assert.True(accessToken.Split('.').Length == 3, $"not a JWT: {accessToken[..Math.Min(12, accessToken.Length)]}...");
        var jwt = new JsonWebToken(accessToken);
        Assert.Contains(RealProviderFixture.Resource, jwt.Audiences);
        Assert.Equal("jane.dpo", jwt.Subject);
    }

    [Fact]
    public async Task A_dpo_signs_in_at_the_providers_pages_and_what_she_records_carries_her_name_and_her_session_renews()
    {
        var page = await fixture.Browser.NewPage(fixture.Service);
        try
        {
            await page.GotoAsync("/");
            await DashboardBrowser.ExpectSignInPage(page);
            await page.GetByRole(AriaRole.Button, new() { Name = $"Sign in with {RealProviderFixture.ProviderName}", Exact = true }).ClickAsync();

            // The provider's own pages: log in (any password on its development pages), then consent, which
            // prompt=consent asks for so that offline_access yields a refresh token.
            await page.Locator("input[name=login]").FillAsync("jane.dpo");
            await page.Locator("input[name=password]").FillAsync("any password");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign-in" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

            await Expect(page.Locator("#live")).ToHaveTextAsync("Live", new() { Timeout = 30_000 });
            await Expect(page.Locator("#who")).ToHaveTextAsync("Signed in: jane.dpo");
            await DashboardBrowser.Screenshot(page, "oidc-provider-board");
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            throw new Exception($"Signing in failed at {page.Url}.\noidc-provider said:\n{fixture.Provider.Output}", e);
        }

        var signedIn = await StoredUserOf(page);
        var accessToken = signedIn["access_token"]!.GetValue<string>();
        AssertJwtForBreachDesk(accessToken);
        Assert.False(string.IsNullOrEmpty(signedIn["refresh_token"]?.GetValue<string>()), "no refresh token: was consent prompted?");

        // Jane's token, as the dashboard holds it, reports an incident; in the dashboard she records the DPO notice.
        var api = fixture.Service.Client(apiKey: null);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        var incident = await api.ReportedIncident();
        var id = incident["id"]!.GetValue<string>();
        await page.GotoAsync($"/#/incidents/{id}");
        var form = page.GetByRole(AriaRole.Form, new() { Name = "DPO notified" });
        await form.GetByLabel("How it occurred", new() { Exact = true }).FillAsync("A spreadsheet was sent to the wrong supplier.");
        await form.GetByLabel("Likely impact", new() { Exact = true }).FillAsync("Contact details of 40 customers disclosed.");
        await form.GetByRole(AriaRole.Button, new() { Name = "DPO notified" }).ClickAsync();
        await Expect(page.Locator("#dpo-clock .clock")).ToHaveAttributeAsync("data-state", "met");

        var timeline = await (await api.GetAsync($"/api/incidents/{id}/timeline")).ExpectJsonArray(HttpStatusCode.OK);
        Assert.Equal("jane.dpo", timeline.Single(e => e!["kind"]!.GetValue<string>() == "dpo-notified")!["actor"]!.GetValue<string>());

        // A refused token is renewed at the provider's token endpoint (with the resource again) and the call retried.
        var refreshes = fixture.Provider.Grants("refresh_token");
        await page.GotoAsync("/#/");
        await page.EvaluateAsync(SpoilAccessToken);
        await page.ReloadAsync();
        await Expect(page.Locator("#board-summary")).ToContainTextAsync("open incident", new() { Timeout = 30_000 });
        Assert.True(fixture.Provider.Grants("refresh_token") > refreshes, $"no refresh at the provider:\n{fixture.Provider.Output}");
        AssertJwtForBreachDesk((await StoredUserOf(page))["access_token"]!.GetValue<string>());
        await page.Context.CloseAsync();
    }
}
