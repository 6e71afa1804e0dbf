using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using BreachDesk.Tests.Support;
using Microsoft.Extensions.Logging;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Security;

/// <summary>The service configured with a real (test) OpenID Connect provider, whose keys it fetches over HTTP.</summary>
public sealed class OidcServiceFixture : IAsyncLifetime
{
    public const string Audience = "breachdesk-api";
    // Not the default "roles", to show the configured claim is the one read.
    public const string RolesClaim = "breachdesk_roles";

    public TestIdentityProvider Provider { get; private set; } = null!;
    public RunningService Service { get; private set; } = null!;
    public CapturedLogs Logs { get; } = new();

    public async Task InitializeAsync()
    {
        Provider = await TestIdentityProvider.StartAsync();
        Service = await RunningService.StartAsync(await TestDatabase.CreateAsync(), Logs.AddTo,
            $"BreachDesk:Auth:Oidc:Authority={Provider.Issuer}",
            $"BreachDesk:Auth:Oidc:Audience={Audience}",
            $"BreachDesk:Auth:Oidc:RolesClaim={RolesClaim}");
    }

    public async Task DisposeAsync()
    {
        await Service.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

public class BearerTokenTests(OidcServiceFixture fixture) : IClassFixture<OidcServiceFixture>
{
    private readonly TestIdentityProvider _provider = fixture.Provider;
    private readonly RunningService _service = fixture.Service;

    private static Dictionary<string, object> Person(string? username, params string[] roles)
    {
        var claims = new Dictionary<string, object> { ["sub"] = $"subject-{Guid.NewGuid():N}" };
        if (username is not null) claims["preferred_username"] = username;
        if (roles.Length > 0) claims[OidcServiceFixture.RolesClaim] = roles;
        return claims;
    }

    private HttpClient WithToken(string token)
    {
        var client = _service.Client(apiKey: null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private string ValidToken(Dictionary<string, object> claims) => _provider.Token(claims, OidcServiceFixture.Audience);

    [Fact]
    public async Task A_valid_token_with_the_role_may_act_and_the_person_is_recorded_as_the_actor()
    {
        var client = WithToken(ValidToken(Person("jane.doe", "reporter")));

        var incident = await client.ReportedIncident();

        var timeline = await (await client.GetAsync($"/api/incidents/{incident["id"]}/timeline")).ExpectJsonArray(HttpStatusCode.OK);
        Assert.Equal("jane.doe", timeline[0]!["actor"]!.GetValue<string>());
    }

    private async Task<string> ActorOfReportBy(Dictionary<string, object> claims)
    {
        var incident = await WithToken(ValidToken(claims)).ReportedIncident();
        var timeline = await (await _service.Client("dev-auditor").GetAsync($"/api/incidents/{incident["id"]}/timeline")).ExpectJsonArray(HttpStatusCode.OK);
        return timeline[0]!["actor"]!.GetValue<string>();
    }

    [Fact]
    public async Task The_actor_is_the_user_name_else_the_email_else_the_display_name_else_the_subject()
    {
        var everything = Person("jane.doe", "dpo");
        everything["email"] = "jane@example.org";
        everything["name"] = "Jane Doe";
        var byEmail = Person(null, "dpo");
        byEmail["email"] = "dpo@example.org";
        byEmail["name"] = "Dee Peo";
        var byName = Person(null, "dpo");
        byName["name"] = "Dee Peo";
        var bySubject = Person(null, "dpo");

        Assert.Equal("jane.doe", await ActorOfReportBy(everything));
        Assert.Equal("dpo@example.org", await ActorOfReportBy(byEmail));
        Assert.Equal("Dee Peo", await ActorOfReportBy(byName));
        Assert.Equal(bySubject["sub"], await ActorOfReportBy(bySubject));
    }

    [Fact]
    public async Task A_token_that_names_no_person_is_401_with_the_reason_logged_and_stores_nothing()
    {
        var before = await _service.Client().CountIncidents();
        var nobody = new Dictionary<string, object> { [OidcServiceFixture.RolesClaim] = new[] { "reporter" } };

        var response = await WithToken(ValidToken(nobody)).PostAsJsonAsync("/api/incidents", ReportBody());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("names no person", Description(response));
        Assert.Contains(fixture.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("names no person") && e.Message.Contains("preferred_username"));
        Assert.Equal(before, await _service.Client().CountIncidents());
    }

    /// <summary>The <c>error_description</c> of the 401's <c>WWW-Authenticate: Bearer</c> challenge.</summary>
    private static string Description(HttpResponseMessage response) =>
        string.Join(" ", response.Headers.WwwAuthenticate.Where(h => h.Scheme == "Bearer").Select(h => h.Parameter));

    private void AssertLoggedAtWarning(params string[] parts) =>
        Assert.Contains(fixture.Logs.Entries, e => e.Level == LogLevel.Warning && parts.All(part => e.Message.Contains(part)));

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var token = _provider.Token(Person("jane.doe", "reporter"), OidcServiceFixture.Audience,
            notBefore: DateTime.UtcNow.AddHours(-3), expires: DateTime.UtcNow.AddHours(-2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(token).GetAsync("/api/incidents")).StatusCode);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_401_naming_the_expected_and_the_received_audience()
    {
        var token = _provider.Token(Person("jane.doe", "reporter"), "some-other-api");

        var response = await WithToken(token).GetAsync("/api/incidents");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var description = Description(response);
        Assert.Contains("'some-other-api'", description);
        Assert.Contains($"'{OidcServiceFixture.Audience}'", description);
        Assert.DoesNotContain("(null)", description);
        AssertLoggedAtWarning("Bearer token refused", "'some-other-api'", $"expects '{OidcServiceFixture.Audience}'");
    }

    [Fact]
    public async Task A_line_break_in_a_refused_tokens_audience_cannot_break_the_answer()
    {
        var token = _provider.Token(Person("jane.doe", "reporter"), "api\r\nSet-Cookie: x=1 é");

        var response = await WithToken(token).GetAsync("/api/incidents");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Contains("'api??Set-Cookie: x=1 ?'", Description(response));
    }

    [Fact]
    public async Task An_opaque_access_token_is_401_saying_a_jwt_is_needed()
    {
        var response = await WithToken("Nw8cA3nTqYpHq1RrTa9Lx2Jm0XkS7vB4dE6fG5hU3iO").GetAsync("/api/incidents");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not a JWT", Description(response));
        AssertLoggedAtWarning("Bearer token refused", "not a JWT", "BreachDesk:Auth:Oidc:Resource");
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_401()
    {
        var token = _provider.Token(Person("jane.doe", "reporter"), OidcServiceFixture.Audience, issuer: "https://idp.example.org");
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(token).GetAsync("/api/incidents")).StatusCode);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_under_the_providers_key_id_is_401()
    {
        using var forger = RSA.Create(2048);
        var token = _provider.Token(Person("mallory", "dpo"), OidcServiceFixture.Audience, signWith: forger);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(token).PostAsJsonAsync("/api/incidents", ReportBody())).StatusCode);
    }

    [Fact]
    public async Task A_tampered_token_is_401()
    {
        var parts = ValidToken(Person("jane.doe", "auditor")).Split('.');
        var payload = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1]).Replace("\"auditor\"", "\"dpo\"");
        var tampered = $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(tampered).GetAsync("/api/incidents")).StatusCode);
    }

    [Fact]
    public async Task A_valid_token_without_the_role_is_403_and_stores_nothing()
    {
        var before = await _service.Client().CountIncidents();

        var auditor = await WithToken(ValidToken(Person("ann.auditor", "auditor"))).PostAsJsonAsync("/api/incidents", ReportBody());
        var noRoles = await WithToken(ValidToken(Person("no.roles"))).GetAsync("/api/incidents");

        Assert.Equal(HttpStatusCode.Forbidden, auditor.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, noRoles.StatusCode);
        // The same problem an API key without the role gets, which the dashboard shows.
        Assert.Equal("Your role may not do this.", (await auditor.ExpectJson(HttpStatusCode.Forbidden)).Text("title"));
        Assert.Equal(before, await _service.Client().CountIncidents());
    }

    [Fact]
    public async Task Roles_are_read_only_from_the_configured_claim()
    {
        var claims = Person("jane.doe");
        claims["roles"] = new[] { "reporter", "dpo", "admin" };
        Assert.Equal(HttpStatusCode.Forbidden, (await WithToken(ValidToken(claims)).GetAsync("/api/incidents")).StatusCode);
    }

    [Fact]
    public async Task Api_keys_keep_working_beside_bearer_tokens_and_a_bearer_header_is_never_taken_as_a_key()
    {
        Assert.Equal(HttpStatusCode.OK, (await _service.Client("dev-auditor").GetAsync("/api/incidents")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken("dev-admin").GetAsync("/api/incidents")).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_offers_both_ways_to_authenticate()
    {
        var document = await (await WithToken(ValidToken(Person("ann.auditor", "auditor"))).GetAsync("/openapi/v1.json")).ExpectJson(HttpStatusCode.OK);
        var schemes = document["components"]!["securitySchemes"]!;
        Assert.Equal("X-Api-Key", schemes["ApiKey"]!["name"]!.GetValue<string>());
        Assert.Equal("bearer", schemes["Bearer"]!["scheme"]!.GetValue<string>());
    }
}

public class BearerTokensWithoutProviderTests
{
    [Fact]
    public async Task Without_a_configured_authority_no_bearer_token_is_accepted()
    {
        await using var provider = await TestIdentityProvider.StartAsync();
        await using var service = await RunningService.StartAsync(await TestDatabase.CreateAsync());
        var client = service.Client(apiKey: null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            provider.Token(new Dictionary<string, object> { ["sub"] = "x", ["roles"] = new[] { "admin" } }, OidcServiceFixture.Audience));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/incidents")).StatusCode);
    }
}
