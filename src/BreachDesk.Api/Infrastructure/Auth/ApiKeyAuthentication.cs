using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using BreachDesk.Infrastructure.Limits;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BreachDesk.Infrastructure.Auth;

/// <summary>
/// Authenticates service accounts and development users by the <c>X-Api-Key</c> header. It is also the scheme that
/// challenges every request without credentials, so its 401 names both ways to sign in (RFC 9110 §11.6.1).
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    FailedKeyLimit failedKeys,
    IOptions<OidcOptions> oidc) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string Realm = "BreachDesk";

    private TimeSpan? _blockedFor;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var presented) || presented.Count == 0)
            return Task.FromResult(AuthenticateResult.NoResult());

        // Checked before the key, so that a blocked address learns nothing about the keys it tries.
        _blockedFor = failedKeys.Blocked(Context);
        if (_blockedFor is not null) return Task.FromResult(AuthenticateResult.Fail("Too many unknown API keys from this address."));

        var key = keys.Find(presented.ToString());
        if (key is null)
        {
            failedKeys.Failed(Context);
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, key.Name), new("auth_method", "api-key") };
        claims.AddRange(key.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_blockedFor is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return WriteProblem(StatusCodes.Status429TooManyRequests, "Too many unknown API keys.",
                $"This address presented too many keys that are not configured. Retry after {seconds} s.");
        }

        Response.Headers.WWWAuthenticate = oidc.Value.IsConfigured
            ? new[] { $"ApiKey realm=\"{Realm}\", header=\"{Header}\"", $"Bearer realm=\"{Realm}\"" }
            : $"ApiKey realm=\"{Realm}\", header=\"{Header}\"";
        return WriteProblem(StatusCodes.Status401Unauthorized, "Authentication required.",
            oidc.Value.IsConfigured
                ? $"Send an '{Header}' header or an 'Authorization: Bearer' token."
                : $"Send an '{Header}' header.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => WriteForbidden(Context);

    /// <summary>The 403 problem of both schemes (API key and bearer token).</summary>
    internal static Task WriteForbidden(HttpContext context) =>
        WriteProblem(context, StatusCodes.Status403Forbidden, "Your role may not do this.",
            "The route needs a role that your key or token does not carry.");

    private Task WriteProblem(int status, string title, string detail) => WriteProblem(Context, status, title, detail);

    private static Task WriteProblem(HttpContext context, int status, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail }).ExecuteAsync(context);
}

/// <summary>The configured keys, by hash.</summary>
public sealed class ApiKeyStore
{
    public sealed record Key(string Name, IReadOnlyList<string> Roles);

    private static readonly string[] DevelopmentKeyRoles = Roles.All;
    private readonly Dictionary<string, Key> _byHash = new(StringComparer.Ordinal);

    public ApiKeyStore(IOptions<AuthOptions> options)
    {
        foreach (var key in options.Value.ApiKeys)
        {
            if (string.IsNullOrWhiteSpace(key.Name) || key.Sha256.Length != 64)
                throw new InvalidOperationException("BreachDesk:Auth:ApiKeys entries need a Name and the 64-hex-digit Sha256 of the key.");
            _byHash[key.Sha256.ToLowerInvariant()] = new Key(key.Name, key.Roles.Select(r => r.Trim().ToLowerInvariant()).ToArray());
        }

        if (!options.Value.DevKeys) return;
        foreach (var role in DevelopmentKeyRoles)
        {
            var name = $"dev-{role}";
            _byHash[Hash(name)] = new Key(name, role == Roles.Admin ? Roles.All : [role]);
        }
    }

    public Key? Find(string presentedKey) => _byHash.GetValueOrDefault(Hash(presentedKey));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
