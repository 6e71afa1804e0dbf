using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BreachDesk.Tests.Support;

/// <summary>
/// A tiny OpenID Connect provider on a loopback socket: a real discovery document and a real JWKS with one RSA key,
/// so the service fetches the signing key over HTTP exactly as it would from the organisation's provider. It
/// issues signed access tokens with whatever claims a test asks for.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string KeyId = "test-signing-key";

    private readonly WebApplication _app;
    private readonly RSA _signingKey = RSA.Create(2048);

    private TestIdentityProvider(WebApplication app, string issuer) => (_app, Issuer) = (app, issuer);

    /// <summary>The issuer, which is also the authority the service is configured with.</summary>
    public string Issuer { get; private set; }

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var app = LoopbackServer.Create();
        var provider = new TestIdentityProvider(app, "");

        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = provider.Issuer,
            ["jwks_uri"] = $"{provider.Issuer}/jwks",
            ["authorization_endpoint"] = $"{provider.Issuer}/authorize",
            ["token_endpoint"] = $"{provider.Issuer}/token",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
        }));
        app.MapGet("/jwks", () =>
        {
            var key = provider._signingKey.ExportParameters(includePrivateParameters: false);
            return Results.Json(new
            {
                keys = new[]
                {
                    new Dictionary<string, string>
                    {
                        ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = KeyId,
                        ["n"] = Base64UrlEncoder.Encode(key.Modulus), ["e"] = Base64UrlEncoder.Encode(key.Exponent),
                    },
                },
            });
        });

        provider.Issuer = (await LoopbackServer.StartAsync(app)).TrimEnd('/');
        return provider;
    }

    /// <summary>A signed access token. By default valid now for an hour, for <paramref name="audience"/>, from this issuer.</summary>
    public string Token(
        IDictionary<string, object> claims, string audience,
        DateTime? expires = null, DateTime? notBefore = null, string? issuer = null, RSA? signWith = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            Claims = claims,
            NotBefore = notBefore ?? now.AddMinutes(-1),
            IssuedAt = notBefore ?? now.AddMinutes(-1),
            Expires = expires ?? now.AddHours(1),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signWith ?? _signingKey) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _signingKey.Dispose();
    }
}
