using System.Net;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Tests.Support;
using Microsoft.Playwright;
using static BreachDesk.Tests.Support.IncidentApi;
using static Microsoft.Playwright.Assertions;


namespace BreachDesk.Tests.Dashboard;

/// <summary>
/// A signed-in person's tokens renewed in a real browser: before they expire, when the API refuses one, and what
/// happens without a refresh token.
/// </summary>
[Collection(OidcDashboardCollection.Name)]
public class OidcTokenRenewalTests(OidcDashboardFixture fixture) : OidcDashboardTests(fixture)
{
    [Fact]
    public async Task A_short_lived_access_token_is_refreshed_and_the_dashboard_keeps_working_after_it_expired()
    {
        var incident = await As("rob.reporter", Roles.Reporter).ReportedIncident();
        var id = incident["id"]!.GetValue<string>();
        Provider.AccessTokenLifetime = TimeSpan.FromSeconds(5);
        try
        {
            var before = Provider.Issued.Count;
            var page = await SignInAtProvider(Person("sam.dpo", Roles.Dpo));
            var calls = new List<(DateTime At, string Url, string? Token)>();
            page.Request += (_, request) =>
            {
                if (!request.Url.Contains("/api/", StringComparison.Ordinal)) return;
                var authorization = request.Headers.GetValueOrDefault("authorization");
                lock (calls) calls.Add((DateTime.UtcNow, request.Url, authorization?["Bearer ".Length..]));
            };
            var first = Provider.Issued.Skip(before).Single(t => t.GrantType == "authorization_code");

            // Past the first token's expiry (the service would still honour it for its one minute of clock skew, so
            // what counts is which token the page sends).
            var wait = first.ExpiresAt.AddSeconds(2) - DateTime.UtcNow;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            var afterExpiry = DateTime.UtcNow;

            await page.GotoAsync($"/#/incidents/{id}");
            var form = page.GetByRole(AriaRole.Form, new() { Name = "DPO notified" });
            await form.GetByLabel("How it occurred", new() { Exact = true }).FillAsync("A laptop was stolen from a car.");
            await form.GetByLabel("Likely impact", new() { Exact = true }).FillAsync("Payroll data of 12 staff, encrypted disk.");
            await form.GetByRole(AriaRole.Button, new() { Name = "DPO notified" }).ClickAsync();
            await Expect(page.Locator("#dpo-clock .clock")).ToHaveAttributeAsync("data-state", "met");
            await DashboardBrowser.Screenshot(page, "oidc-after-refresh");

            var issued = Provider.Issued.Skip(before).ToList();
            Assert.Contains(issued, t => t.GrantType == "refresh_token");
            List<(DateTime At, string Url, string? Token)> later;
            lock (calls) later = calls.Where(c => c.At >= afterExpiry).ToList();
            Assert.NotEmpty(later);
            Assert.Contains(later, c => c.Url.EndsWith("/dpo-notification", StringComparison.Ordinal));
            foreach (var call in later)
            {
                // Every call after the first token expired carried a token from a refresh, and one still valid.
                var token = issued.SingleOrDefault(t => t.AccessToken == call.Token);
                Assert.True(token is { GrantType: "refresh_token" }, $"{call.Url} at {call.At:O} was not sent with a refreshed token");
                Assert.True(token!.ExpiresAt > call.At, $"{call.Url} at {call.At:O} was sent with a token that expired at {token.ExpiresAt:O}");
            }

            var timeline = await (await As("audrey.auditor", Roles.Auditor).GetAsync($"/api/incidents/{id}/timeline")).ExpectJsonArray(HttpStatusCode.OK);
            Assert.Equal("sam.dpo", timeline.Single(e => e!["kind"]!.GetValue<string>() == "dpo-notified")!["actor"]!.GetValue<string>());
            await page.Context.CloseAsync();
        }
        finally
        {
            Provider.AccessTokenLifetime = TimeSpan.FromHours(1);
        }
    }

    [Fact]
    public async Task Very_short_tokens_are_renewed_at_most_every_thirty_seconds_while_the_dashboard_is_idle()
    {
        Provider.AccessTokenLifetime = TimeSpan.FromSeconds(5);
        try
        {
            var before = Provider.Issued.Count;
            var page = await SignInAtProvider(Person("sam.dpo", Roles.Dpo));
            var signedInAt = DateTime.UtcNow;

            // Four lifetimes of the token, idle: renewing a minute (or any fixed time) before expiry would renew at
            // once, again and again; the dashboard waits 30 s after a renewal. A slow machine only renews less.
            await Task.Delay(TimeSpan.FromSeconds(20));
            var refreshes = Provider.Issued.Skip(before).Where(t => t.GrantType == "refresh_token").ToList();
            Assert.True(refreshes.Count(t => t.IssuedAt < signedInAt.AddSeconds(20)) <= 1,
                $"{refreshes.Count} refreshes in 20 s of idling with 5-s tokens");
            await page.Context.CloseAsync();
        }
        finally
        {
            Provider.AccessTokenLifetime = TimeSpan.FromHours(1);
        }
    }

    [Fact]
    public async Task A_refused_token_is_renewed_once_with_the_refresh_token_and_the_call_retried()
    {
        var page = await SignInAtProvider(Person("jane.dpo", Roles.Dpo));
        Assert.True(await page.EvaluateAsync<bool>(StoredRefreshToken));
        var before = Provider.Issued.Count;
        await page.EvaluateAsync(SpoilAccessToken);
        await page.ReloadAsync();

        // The board's summary is written once /api/deadlines answered, which took a refresh and a second try.
        await Expect(page.Locator("#board-summary")).ToContainTextAsync("open incident");
        await Expect(page.Locator("#who")).ToHaveTextAsync("Signed in: jane.dpo");
        Assert.Contains(Provider.Issued.Skip(before), t => t.GrantType == "refresh_token");
        Assert.NotEqual("not-a-token", await page.EvaluateAsync<string>(
            "() => JSON.parse(sessionStorage.getItem(Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user:')))).access_token"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Without_a_refresh_token_a_refused_token_sends_the_person_back_to_sign_in()
    {
        Provider.IssueRefreshTokens = false;
        try
        {
            var page = await SignInAtProvider(Person("jane.dpo", Roles.Dpo));
            Assert.Equal(1, await page.EvaluateAsync<int>(StoredUsers));
            Assert.False(await page.EvaluateAsync<bool>(StoredRefreshToken));

            await page.EvaluateAsync(SpoilAccessToken);
            await page.ReloadAsync();

            await DashboardBrowser.ExpectSignInPage(page);
            await Expect(page.Locator("#sign-in-problem")).ToContainTextAsync("Your session has ended. Please sign in again.");
            // With what the service said, so a provider set up wrong (opaque tokens, say) shows itself at once.
            await Expect(page.Locator("#sign-in-problem")).ToContainTextAsync("The service said: The token was refused: it is not a JWT");
            await Expect(page.Locator("#who")).ToHaveTextAsync("Sign in");
            Assert.Equal(0, await page.EvaluateAsync<int>(StoredUsers));
            await DashboardBrowser.Screenshot(page, "oidc-session-ended");
            await page.Context.CloseAsync();
        }
        finally
        {
            Provider.IssueRefreshTokens = true;
        }
    }
}
