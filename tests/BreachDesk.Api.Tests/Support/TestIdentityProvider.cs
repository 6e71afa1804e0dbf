using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BreachDesk.Tests.Support;

/// <summary>
/// A tiny OpenID Connect provider on a loopback socket: a real discovery document and a real JWKS with one RSA key,
/// so the service fetches the signing key over HTTP exactly as it would from the organisation's provider. It
/// issues signed access tokens with whatever claims a test asks for, and runs the authorization-code flow with PKCE
/// for a registered public client (the dashboard): <c>/authorize</c> signs in, without a login page, the person the
/// test chose in advance (<see cref="SignInAs"/>), and <c>/token</c> exchanges the code (checking the PKCE verifier)
/// and refresh tokens, with CORS for the client's origin.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string KeyId = "test-signing-key";

    private readonly WebApplication _app;
    /// <summary>The keys the JWKS publishes, by key id; the first key is <see cref="KeyId"/>.</summary>
    private readonly ConcurrentDictionary<string, RSA> _published = new();
    private readonly ConcurrentDictionary<string, RSA> _keys = new();
    private readonly ConcurrentDictionary<string, Client> _clients = new();
    private readonly ConcurrentDictionary<string, PendingCode> _codes = new();
    private readonly ConcurrentDictionary<string, Grant> _refreshTokens = new();
    private readonly ConcurrentQueue<IssuedToken> _issued = new();

    private TestIdentityProvider(WebApplication app, string issuer)
    {
        (_app, Issuer) = (app, issuer);
        _keys[KeyId] = _published[KeyId] = RSA.Create(2048);
    }

    /// <summary>A new signing key under <paramref name="keyId"/>, not yet published (as a provider prepares a rotation).</summary>
    public void CreateSigningKey(string keyId) => _keys[keyId] = RSA.Create(2048);

    /// <summary>Publishes the key in the JWKS.</summary>
    public void PublishSigningKey(string keyId) => _published[keyId] = _keys[keyId];

    /// <summary>Removes the key from the JWKS (the provider rotated it out); tokens may still be signed with it.</summary>
    public void WithdrawSigningKey(string keyId) => _published.TryRemove(keyId, out _);

    /// <summary>How many times the JWKS was fetched.</summary>
    public int JwksFetches => _jwksFetches;

    private int _jwksFetches;

    /// <summary>A public client: no secret; the flow is protected by the exact redirect URI and PKCE.</summary>
    public sealed record Client(string ClientId, string RedirectUri, string Audience)
    {
        public string Origin => new Uri(RedirectUri).GetLeftPart(UriPartial.Authority);
    }

    /// <summary>An access token this provider issued, and by which grant (<c>authorization_code</c> or <c>refresh_token</c>).</summary>
    public sealed record IssuedToken(string GrantType, string AccessToken, DateTime IssuedAt, DateTime ExpiresAt);

    private sealed record Grant(Client Client, IReadOnlyDictionary<string, object> Claims, string Scope);

    private sealed record PendingCode(Grant Grant, string RedirectUri, string Challenge, string? Nonce, DateTime ExpiresAt);

    /// <summary>The issuer, which is also the authority the service is configured with.</summary>
    public string Issuer { get; private set; }

    /// <summary>The person whom the next <c>/authorize</c> signs in (their claims); null refuses with <c>access_denied</c>.</summary>
    public IDictionary<string, object>? SignInAs { get; set; }

    /// <summary>How long the access tokens of the code flow and of refreshes are valid.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Whether token responses carry a refresh token (when the client asked for <c>offline_access</c>).</summary>
    public bool IssueRefreshTokens { get; set; } = true;

    /// <summary>The query of every <c>/authorize</c> request and the form of every <c>/token</c> request, oldest first.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> AuthorizeRequests { get; } = new();

    public ConcurrentQueue<IReadOnlyDictionary<string, string>> TokenRequests { get; } = new();

    /// <summary>Every access token issued through <c>/token</c>, oldest first.</summary>
    public IReadOnlyList<IssuedToken> Issued => _issued.ToArray();

    public void RegisterPublicClient(string clientId, string redirectUri, string audience) =>
        _clients[clientId] = new Client(clientId, redirectUri, audience);

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var app = LoopbackServer.Create();
        var provider = new TestIdentityProvider(app, "");

        app.MapGet("/.well-known/openid-configuration", (HttpContext context) =>
        {
            // Public metadata: any page may read it (the dashboard fetches it from the browser).
            context.Response.Headers.AccessControlAllowOrigin = "*";
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = provider.Issuer,
                ["jwks_uri"] = $"{provider.Issuer}/jwks",
                ["authorization_endpoint"] = $"{provider.Issuer}/authorize",
                ["token_endpoint"] = $"{provider.Issuer}/token",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                ["response_types_supported"] = new[] { "code" },
                ["subject_types_supported"] = new[] { "public" },
                ["grant_types_supported"] = new[] { "authorization_code", "refresh_token" },
                ["code_challenge_methods_supported"] = new[] { "S256" },
                ["token_endpoint_auth_methods_supported"] = new[] { "none" },
            });
        });
        app.MapGet("/jwks", () =>
        {
            Interlocked.Increment(ref provider._jwksFetches);
            return Results.Json(new
            {
                keys = provider._published.Select(published =>
                {
                    var key = published.Value.ExportParameters(includePrivateParameters: false);
                    return new Dictionary<string, string>
                    {
                        ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = published.Key,
                        ["n"] = Base64UrlEncoder.Encode(key.Modulus), ["e"] = Base64UrlEncoder.Encode(key.Exponent),
                    };
                }).ToArray(),
            });
        });
        app.MapGet("/authorize", provider.Authorize);
        app.MapPost("/token", provider.TokenEndpoint);
        app.MapMethods("/token", ["OPTIONS"], (HttpContext context) =>
        {
            if (!provider.AllowOrigin(context)) return Results.StatusCode(StatusCodes.Status403Forbidden);
            context.Response.Headers.AccessControlAllowMethods = "POST";
            context.Response.Headers.AccessControlAllowHeaders = "Content-Type, Accept";
            return Results.NoContent();
        });

        provider.Issuer = (await LoopbackServer.StartAsync(app)).TrimEnd('/');
        return provider;
    }

    /// <summary>
    /// Auto-consent: checks the request as a provider would, then sends the browser straight back with a code and the
    /// state. A wrong client or redirect URI is answered here (400) and never redirected, as OAuth requires.
    /// </summary>
    private IResult Authorize(HttpRequest request)
    {
        var q = request.Query;
        AuthorizeRequests.Enqueue(q.ToDictionary(p => p.Key, p => p.Value.ToString()));
        if (!_clients.TryGetValue(q["client_id"].ToString(), out var client))
            return Results.BadRequest("unknown client_id");
        var redirectUri = q["redirect_uri"].ToString();
        if (redirectUri != client.RedirectUri)
            return Results.BadRequest("redirect_uri is not registered for this client");

        var state = q["state"].ToString();
        IResult Back(params (string Name, string Value)[] parameters)
        {
            var all = parameters.Append((Name: "state", Value: state)).Where(p => p.Value.Length > 0)
                .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}");
            return Results.Redirect($"{redirectUri}{(redirectUri.Contains('?') ? '&' : '?')}{string.Join('&', all)}");
        }

        if (q["response_type"] != "code") return Back(("error", "unsupported_response_type"));
        if (q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"]))
            return Back(("error", "invalid_request"), ("error_description", "PKCE with code_challenge_method=S256 is required"));
        var scope = q["scope"].ToString();
        if (!scope.Split(' ').Contains("openid")) return Back(("error", "invalid_scope"));
        if (SignInAs is not { } person) return Back(("error", "access_denied"));

        var code = RandomToken();
        _codes[code] = new PendingCode(new Grant(client, new Dictionary<string, object>(person), scope), redirectUri,
            q["code_challenge"].ToString(), q["nonce"].ToString() is { Length: > 0 } nonce ? nonce : null, DateTime.UtcNow.AddMinutes(1));
        return Back(("code", code));
    }

    private async Task<IResult> TokenEndpoint(HttpRequest request)
    {
        var context = request.HttpContext;
        AllowOrigin(context);
        if (!context.Request.HasFormContentType) return Error("invalid_request", "a form body is required");
        var form = await context.Request.ReadFormAsync();
        TokenRequests.Enqueue(form.ToDictionary(p => p.Key, p => p.Value.ToString()));
        return form["grant_type"].ToString() switch
        {
            "authorization_code" => ExchangeCode(form),
            "refresh_token" => Refresh(form),
            var other => Error("unsupported_grant_type", other),
        };
    }

    private IResult ExchangeCode(IFormCollection form)
    {
        // One use only, whatever the outcome: a code tried with a wrong verifier is gone.
        if (!_codes.TryRemove(form["code"].ToString(), out var pending) || pending.ExpiresAt < DateTime.UtcNow)
            return Error("invalid_grant", "unknown, used or expired code");
        if (form["client_id"] != pending.Grant.Client.ClientId) return Error("invalid_grant", "the code was issued to another client");
        if (form["redirect_uri"] != pending.RedirectUri) return Error("invalid_grant", "redirect_uri differs from the authorization request's");
        var verifier = form["code_verifier"].ToString();
        if (verifier.Length is < 43 or > 128 || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != pending.Challenge)
            return Error("invalid_grant", "the code_verifier does not match the code_challenge");

        return Tokens("authorization_code", pending.Grant, IdToken(pending.Grant, pending.Nonce));
    }

    private IResult Refresh(IFormCollection form)
    {
        // Rotated: each refresh token works once and the answer carries the next one.
        if (!_refreshTokens.TryRemove(form["refresh_token"].ToString(), out var grant))
            return Error("invalid_grant", "unknown or used refresh token");
        if (form["client_id"] != grant.Client.ClientId) return Error("invalid_grant", "the refresh token was issued to another client");
        return Tokens("refresh_token", grant, idToken: null);
    }

    private IResult Tokens(string grantType, Grant grant, string? idToken)
    {
        var now = DateTime.UtcNow;
        var expires = now + AccessTokenLifetime;
        var claims = new Dictionary<string, object>(grant.Claims)
        {
            ["scope"] = grant.Scope,
            ["client_id"] = grant.Client.ClientId,
        };
        var accessToken = Token(claims, grant.Client.Audience, expires: expires, notBefore: now);
        _issued.Enqueue(new IssuedToken(grantType, accessToken, now, expires));

        var body = new Dictionary<string, object>
        {
            ["access_token"] = accessToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)AccessTokenLifetime.TotalSeconds,
            ["scope"] = grant.Scope,
        };
        if (idToken is not null) body["id_token"] = idToken;
        if (IssueRefreshTokens && grant.Scope.Split(' ').Contains("offline_access"))
        {
            var refreshToken = RandomToken();
            _refreshTokens[refreshToken] = grant;
            body["refresh_token"] = refreshToken;
        }
        return Results.Json(body, statusCode: StatusCodes.Status200OK, contentType: "application/json");
    }

    /// <summary>The ID token: who signed in, for the client (its audience), with the request's nonce.</summary>
    private string IdToken(Grant grant, string? nonce)
    {
        var claims = grant.Claims.Where(c => c.Key is "sub" or "preferred_username" or "name" or "email")
            .ToDictionary(c => c.Key, c => c.Value);
        if (nonce is not null) claims["nonce"] = nonce;
        return Token(claims, grant.Client.ClientId, expires: DateTime.UtcNow.AddMinutes(10), notBefore: DateTime.UtcNow);
    }

    /// <summary>CORS for the registered clients' origins only.</summary>
    private bool AllowOrigin(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || !_clients.Values.Any(c => c.Origin == origin)) return false;
        context.Response.Headers.AccessControlAllowOrigin = origin;
        context.Response.Headers.Vary = "Origin";
        return true;
    }

    private static IResult Error(string error, string description) =>
        Results.Json(new { error, error_description = description }, statusCode: StatusCodes.Status400BadRequest);

    private static string RandomToken() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// A signed access token. By default valid now for an hour, for <paramref name="audience"/>, from this issuer,
    /// signed with the key <paramref name="keyId"/> (published or not) or, to forge one, <paramref name="signWith"/>.
    /// </summary>
    public string Token(
        IDictionary<string, object> claims, string audience,
        DateTime? expires = null, DateTime? notBefore = null, string? issuer = null, RSA? signWith = null, string keyId = KeyId)
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
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signWith ?? _keys[keyId]) { KeyId = keyId }, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var key in _keys.Values) key.Dispose();
    }
}
