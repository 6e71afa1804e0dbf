using System.Net;
using BreachDesk.Tests.Support;

namespace BreachDesk.Tests.Http;

/// <summary>A 401 says how to authenticate (RFC 9110 §11.6.1): one challenge per scheme the service is configured for.</summary>
[Collection("service")]
public class AuthenticationChallengeTests(ServiceFixture fixture)
{
    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    public async Task A_401_challenges_for_an_API_key(string? key)
    {
        var response = await fixture.Service.Client(key).GetAsync("/api/incidents");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("ApiKey", challenge.Scheme);
        Assert.Contains("header=\"X-Api-Key\"", challenge.Parameter);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task With_OpenID_Connect_configured_a_401_also_challenges_for_a_bearer_token()
    {
        // The provider is never asked: a request without a token needs no signing keys.
        await using var service = await RunningService.StartAsync(await TestDatabase.CreateAsync(), null,
            "BreachDesk:Auth:Oidc:Authority=http://127.0.0.1:9/", "BreachDesk:Auth:Oidc:Audience=breachdesk");

        var response = await service.Client(null).GetAsync("/api/incidents");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(["ApiKey", "Bearer"], response.Headers.WwwAuthenticate.Select(c => c.Scheme).Order());
    }
}
