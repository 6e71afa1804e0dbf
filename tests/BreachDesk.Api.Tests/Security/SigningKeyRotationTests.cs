using System.Net;
using System.Net.Http.Headers;
using BreachDesk.Tests.Support;

namespace BreachDesk.Tests.Security;

/// <summary>
/// A provider that rotates its signing keys and nests roles as Keycloak does (<c>realm_access.roles</c>). The least
/// time between key fetches is two seconds here (thirty by default), so the tests wait seconds, not minutes.
/// </summary>
public sealed class RotatingProviderFixture : IAsyncLifetime
{
    public const string Audience = "breachdesk-api";

    public TestIdentityProvider Provider { get; private set; } = null!;
    public RunningService Service { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Provider = await TestIdentityProvider.StartAsync();
        Service = await RunningService.StartAsync(await TestDatabase.CreateAsync(), null,
            $"BreachDesk:Auth:Oidc:Authority={Provider.Issuer}",
            $"BreachDesk:Auth:Oidc:Audience={Audience}",
            "BreachDesk:Auth:Oidc:RolesClaim=realm_access.roles",
            "BreachDesk:Auth:Oidc:SigningKeysMinimumRefreshInterval=PT2S");
    }

    public async Task DisposeAsync()
    {
        await Service.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

/// <summary>The tests of one class run one after another, so each may rotate the provider's keys.</summary>
public class SigningKeyRotationTests(RotatingProviderFixture fixture) : IClassFixture<RotatingProviderFixture>
{
    private readonly TestIdentityProvider _provider = fixture.Provider;

    private static Dictionary<string, object> Auditor() => new()
    {
        ["sub"] = $"subject-{Guid.NewGuid():N}",
        ["preferred_username"] = "audrey.auditor",
        ["realm_access"] = new Dictionary<string, object> { ["roles"] = new[] { "auditor", "offline_access" } },
    };

    /// <summary>Reads the register (auditors, DPOs and admins may; reporters may not) with the token.</summary>
    private async Task<HttpStatusCode> ListWith(string token)
    {
        var client = fixture.Service.Client(apiKey: null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync("/api/register")).StatusCode;
    }

    private string SignedWith(string keyId) => _provider.Token(Auditor(), RotatingProviderFixture.Audience, keyId: keyId);

    /// <summary>Asks until the answer is <paramref name="expected"/>; a refresh may take a moment and a retry.</summary>
    private async Task EventuallyAnswers(HttpStatusCode expected, string token, string because)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        HttpStatusCode last;
        while ((last = await ListWith(token)) != expected && DateTime.UtcNow < deadline) await Task.Delay(250);
        Assert.True(last == expected, $"{because}: still {(int)last} after 60 s");
    }

    [Fact]
    public async Task Roles_are_read_from_a_dotted_path_into_a_nested_claim()
    {
        Assert.Equal(HttpStatusCode.OK, await ListWith(SignedWith(TestIdentityProvider.KeyId)));
        var reporter = Auditor();
        reporter["realm_access"] = new Dictionary<string, object> { ["roles"] = new[] { "reporter" } };
        // A reporter may not read the register: the path really was read, not any role anywhere.
        Assert.Equal(HttpStatusCode.Forbidden, await ListWith(_provider.Token(reporter, RotatingProviderFixture.Audience)));
    }

    [Fact]
    public async Task After_a_rotation_the_new_key_is_trusted_and_the_removed_key_is_not()
    {
        var oldKey = $"old-{Guid.NewGuid():N}";
        var newKey = $"new-{Guid.NewGuid():N}";
        _provider.CreateSigningKey(oldKey);
        _provider.PublishSigningKey(oldKey);
        await EventuallyAnswers(HttpStatusCode.OK, SignedWith(oldKey), "a key the provider publishes is trusted");

        _provider.CreateSigningKey(newKey);
        _provider.PublishSigningKey(newKey);
        _provider.WithdrawSigningKey(oldKey);
        // The first token of the new key makes the service fetch the keys again.
        await EventuallyAnswers(HttpStatusCode.OK, SignedWith(newKey), "a token of the new key is accepted once the keys are fetched again");

        // A token newly signed with the removed key (stolen, say) is refused from that fetch on, not an hour later.
        Assert.Equal(HttpStatusCode.Unauthorized, await ListWith(SignedWith(oldKey)));
    }

    [Fact]
    public async Task A_stray_token_with_an_unknown_key_does_not_lock_out_a_key_published_just_after()
    {
        var nextKey = $"next-{Guid.NewGuid():N}";
        _provider.CreateSigningKey(nextKey);
        var fetches = _provider.JwksFetches;

        // Signed with a key that is not published yet: refused, and the service fetches the keys to make sure (at once,
        // or, when the tests before fetched them moments ago, once the least refresh interval has passed).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (_provider.JwksFetches == fetches && DateTime.UtcNow < deadline)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await ListWith(SignedWith(nextKey)));
            await Task.Delay(250);
        }
        Assert.True(_provider.JwksFetches > fetches, "an unknown key id makes the service fetch the keys again");

        _provider.PublishSigningKey(nextKey);
        // Within the least refresh interval (two seconds here, thirty by default), not IdentityModel's five minutes.
        await EventuallyAnswers(HttpStatusCode.OK, SignedWith(nextKey), "the key published just after the stray token is trusted");
    }
}
