using System.Net;
using System.Security.Cryptography;
using System.Text;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Limits;
using BreachDesk.Tests.Support;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Playwright;
using static BreachDesk.Tests.Support.IncidentApi;
using static Microsoft.Playwright.Assertions;


namespace BreachDesk.Tests.Dashboard;

/// <summary>
/// Sign-in through the provider in a real browser: the redirect to <c>/authorize</c> and back, the code exchanged with
/// its PKCE verifier, roles and sign-out.
/// </summary>
[Collection(OidcDashboardCollection.Name)]
public class OidcSignInTests(OidcDashboardFixture fixture) : OidcDashboardTests(fixture)
{
    [Fact]
    public async Task A_dpo_signs_in_at_the_provider_sees_the_board_and_what_she_records_carries_her_user_name()
    {
        var incident = await As("rob.reporter", Roles.Reporter).ReportedIncident(ReportBody(title: $"Misdirected e-mail {Guid.NewGuid():N}"));
        var id = incident["id"]!.GetValue<string>();
        var before = Provider.Issued.Count;

        var page = await Browser.NewPage(Service);
        var visited = new List<string>();
        page.FrameNavigated += (_, frame) => { if (frame == page.MainFrame) visited.Add(frame.Url); };
        Provider.SignInAs = Person("jane.dpo", Roles.Dpo);
        await page.GotoAsync("/");
        await DashboardBrowser.ExpectSignInPage(page);
        // Development keys are off: only the provider is offered.
        await Expect(page.GetByLabel("Development key")).ToHaveCountAsync(0);
        await DashboardBrowser.Screenshot(page, "oidc-sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Sign in with {OidcDashboardFixture.ProviderName}", Exact = true }).ClickAsync();

        await Expect(page.Locator("#board")).ToBeVisibleAsync();
        await Expect(page.Locator($"#board tbody tr[data-incident-id='{id}']")).ToBeVisibleAsync();
        await Expect(page.Locator("#who")).ToHaveTextAsync("Signed in: jane.dpo");
        await Expect(page.Locator("#live")).ToHaveTextAsync("Live", new() { Timeout = 30_000 });
        await DashboardBrowser.Screenshot(page, "oidc-board");

        // The round trip really went through the provider's /authorize and came back with a code, which the page then
        // exchanged (with the PKCE verifier the provider checks) and removed from the address bar.
        Assert.Contains(visited, url => url.StartsWith(Service.BaseAddress.ToString(), StringComparison.Ordinal) && url.Contains("code="));
        Assert.DoesNotContain("code=", page.Url);
        Assert.Single(Provider.Issued.Skip(before), t => t.GrantType == "authorization_code");
        // The tokens are in this tab's sessionStorage, nothing in localStorage (the sign-in state included).
        Assert.True(await page.EvaluateAsync<bool>(
            "() => Object.keys(sessionStorage).some(k => k.startsWith('oidc.user:') && JSON.parse(sessionStorage.getItem(k)).access_token)"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => localStorage.length"));

        await page.GotoAsync($"/#/incidents/{id}");
        var form = page.GetByRole(AriaRole.Form, new() { Name = "DPO notified" });
        await form.GetByLabel("How it occurred", new() { Exact = true }).FillAsync("A spreadsheet was sent to the wrong supplier.");
        await form.GetByLabel("Likely impact", new() { Exact = true }).FillAsync("Contact details of 40 customers disclosed.");
        await form.GetByRole(AriaRole.Button, new() { Name = "DPO notified" }).ClickAsync();
        await Expect(page.Locator("#dpo-clock .clock")).ToHaveAttributeAsync("data-state", "met");
        await Expect(page.Locator("#timeline")).ToContainTextAsync("jane.dpo");
        await DashboardBrowser.Screenshot(page, "oidc-dpo-notice");

        var timeline = await (await As("audrey.auditor", Roles.Auditor).GetAsync($"/api/incidents/{id}/timeline")).ExpectJsonArray(HttpStatusCode.OK);
        var notified = timeline.Single(e => e!["kind"]!.GetValue<string>() == "dpo-notified")!;
        Assert.Equal("jane.dpo", notified["actor"]!.GetValue<string>());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_dashboard_asks_for_consent_names_the_resource_and_sends_the_configured_parameters()
    {
        var authorizations = Provider.AuthorizeRequests.Count;
        var tokenRequests = Provider.TokenRequests.Count;
        var page = await SignInAtProvider(Person("jane.dpo", Roles.Dpo));

        var authorize = Provider.AuthorizeRequests.Skip(authorizations).Single();
        Assert.Equal("consent", authorize["prompt"]);
        Assert.Equal(OidcDashboardFixture.Resource, authorize["resource"]);
        Assert.Equal(OidcDashboardFixture.Audience, authorize["audience"]);
        Assert.Contains("offline_access", authorize["scope"].Split(' '));
        // The code is exchanged for the same resource (a provider may otherwise issue a token for itself).
        var exchange = Provider.TokenRequests.Skip(tokenRequests).Single(r => r["grant_type"] == "authorization_code");
        Assert.Equal(OidcDashboardFixture.Resource, exchange["resource"]);

        await page.EvaluateAsync(SpoilAccessToken);
        await page.ReloadAsync();
        await Expect(page.Locator("#board-summary")).ToContainTextAsync("open incident");
        var refresh = Provider.TokenRequests.Skip(tokenRequests).First(r => r["grant_type"] == "refresh_token");
        Assert.Equal(OidcDashboardFixture.Resource, refresh["resource"]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_person_whose_token_lacks_the_dpo_role_is_refused_the_dpos_actions_and_sees_why()
    {
        var incident = await As("rob.reporter", Roles.Reporter).ReportedIncident();
        var id = incident["id"]!.GetValue<string>();
        var page = await SignInAtProvider(Person("olly.oncall", Roles.OnCall));
        await Expect(page.Locator("#who")).ToHaveTextAsync("Signed in: olly.oncall");

        // The roles come from the service (GET /api/me with the person's token): on-call's forms, none of the DPO's.
        await page.GotoAsync($"/#/incidents/{id}");
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "Containment", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "Risk assessment", Exact = true })).ToHaveCountAsync(0);
        await DashboardBrowser.Screenshot(page, "oidc-forbidden");
        var me = await page.EvaluateAsync<string[]>("async () => (await (await import('/js/me.js')).whoAmI()).roles");
        Assert.Equal([Roles.OnCall], me);

        await page.GotoAsync("/#/register");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Your role may not read the register.");

        var after = await (await As("audrey.auditor", Roles.Auditor).GetAsync($"/api/incidents/{id}")).ExpectJson(HttpStatusCode.OK);
        Assert.Null(after["risk"]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_refusal_at_the_provider_is_shown_on_the_sign_in_page()
    {
        Provider.SignInAs = null; // the provider answers access_denied
        var page = await Browser.NewPage(Service);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Sign in with {OidcDashboardFixture.ProviderName}", Exact = true }).ClickAsync();

        await Expect(page.Locator("#sign-in-problem")).ToContainTextAsync("Sign-in failed");
        await Expect(page.Locator("#sign-in-problem")).ToContainTextAsync("access_denied");
        await DashboardBrowser.ExpectSignInPage(page);
        Assert.DoesNotContain("state=", page.Url);
        await Expect(page.Locator("#who")).ToHaveTextAsync("Sign in");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Signing_out_forgets_the_tokens_and_the_dashboard_asks_for_a_sign_in_again()
    {
        var page = await SignInAtProvider(Person("jane.dpo", Roles.Dpo));
        var registerLink = page.Locator(".top nav a[href='#/register']");
        await Expect(registerLink).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Signed in: jane.dpo" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(page.Locator("#sign-in-problem")).ToContainTextAsync("You are signed out");
        await Expect(page.Locator("#who")).ToHaveTextAsync("Sign in");
        // The DPO's links go with the DPO, at once, not at the next page change.
        await Expect(registerLink).ToBeHiddenAsync();
        await Expect(page.Locator("#live")).ToHaveTextAsync("Offline");
        Assert.Equal(0, await page.EvaluateAsync<int>("() => sessionStorage.length"));
        await DashboardBrowser.Screenshot(page, "oidc-signed-out");

        await page.GotoAsync("/#/register");
        await DashboardBrowser.ExpectSignInPage(page);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Sign in with {OidcDashboardFixture.ProviderName}", Exact = true })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_dashboard_settings_answer_without_authentication_and_hold_nothing_secret()
    {
        var response = await Service.Client(apiKey: null).GetAsync("/dashboard/config.json");
        var text = await response.Content.ReadAsStringAsync();
        var settings = await response.ExpectJson(HttpStatusCode.OK);

        Assert.False(settings["devKeys"]!.GetValue<bool>());
        var oidc = settings["oidc"]!.AsObject();
        Assert.Equal(Provider.Issuer, oidc["authority"]!.GetValue<string>());
        Assert.Equal(OidcDashboardFixture.ClientId, oidc["clientId"]!.GetValue<string>());
        Assert.Equal(OidcOptions.DefaultScope, oidc["scope"]!.GetValue<string>());
        Assert.Equal(OidcDashboardFixture.ProviderName, oidc["name"]!.GetValue<string>());
        Assert.Equal(OidcDashboardFixture.Resource, oidc["resource"]!.GetValue<string>());
        // The default scope asks for offline_access, so consent is prompted (or the provider may give no refresh token).
        Assert.Equal("consent", oidc["prompt"]!.GetValue<string>());
        Assert.Equal(OidcDashboardFixture.Audience, oidc["extraAuthorizeParameters"]!["audience"]!.GetValue<string>());
        // Exactly these fields: nothing about keys or the roles claim; the audience only as the operator chose to send it.
        Assert.Equal(["devKeys", "oidc"], settings.Select(p => p.Key).Order());
        Assert.Equal(["authority", "clientId", "extraAuthorizeParameters", "name", "prompt", "resource", "scope"], oidc.Select(p => p.Key).Order());
        Assert.DoesNotContain("secret", text, StringComparison.OrdinalIgnoreCase);

        // The page may call the provider (discovery, token endpoint) and nothing else off its own origin.
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Equal(SecurityHeaders.PolicyFor(Provider.Issuer), csp);
        Assert.Contains($"connect-src 'self' {Provider.Issuer};", csp);
        Assert.Contains("script-src 'self';", csp);
    }

    /// <summary>The provider double really checks PKCE, so the browser tests prove the dashboard sends the right verifier.</summary>

    [Fact]
    public async Task The_test_provider_refuses_a_code_redeemed_with_the_wrong_verifier()
    {
        Provider.SignInAs = Person("jane.dpo", Roles.Dpo);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var redirectUri = Service.BaseAddress.ToString();

        async Task<string> Code(string verifier)
        {
            var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
            var authorize = await http.GetAsync($"{Provider.Issuer}/authorize?client_id={OidcDashboardFixture.ClientId}" +
                $"&redirect_uri={Uri.EscapeDataString(redirectUri)}&response_type=code&scope=openid&state=s1" +
                $"&code_challenge={challenge}&code_challenge_method=S256");
            Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
            var query = System.Web.HttpUtility.ParseQueryString(authorize.Headers.Location!.Query);
            Assert.Equal("s1", query["state"]);
            return query["code"]!;
        }

        Task<HttpResponseMessage> Redeem(string code, string verifier) => http.PostAsync($"{Provider.Issuer}/token", new FormUrlEncodedContent(
            new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirectUri,
                ["client_id"] = OidcDashboardFixture.ClientId, ["code_verifier"] = verifier,
            }));

        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var wrong = await (await Redeem(await Code(verifier), Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32)))).ExpectJson(HttpStatusCode.BadRequest);
        Assert.Equal("invalid_grant", wrong["error"]!.GetValue<string>());

        var right = await (await Redeem(await Code(verifier), verifier)).ExpectJson(HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty(right["access_token"]?.GetValue<string>()));

        // A redirect URI the client did not register is refused at the provider, never redirected to.
        var foreign = await http.GetAsync($"{Provider.Issuer}/authorize?client_id={OidcDashboardFixture.ClientId}" +
            "&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2F&response_type=code&scope=openid&code_challenge=x&code_challenge_method=S256");
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
    }
}
