using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Net.Http.Headers;

namespace BreachDesk.Infrastructure.Auth;

/// <summary>
/// Validates the provider's JWT access tokens (signature against the provider's published keys, issuer, audience,
/// lifetime) and turns a valid token into the same shape of principal an API key gives: the actor's name in
/// <see cref="ClaimTypes.Name"/> and each BreachDesk role in <see cref="ClaimTypes.Role"/>, so authorization and
/// the actor recorded on events do not care how the caller signed in.
/// </summary>
public static class BearerTokenAuthentication
{
    public const string SchemeName = JwtBearerDefaults.AuthenticationScheme;

    public static void Configure(JwtBearerOptions jwt, OidcOptions oidc)
    {
        jwt.Authority = oidc.Authority;
        jwt.Audience = oidc.Audience;
        // Metadata over plain HTTP only from this machine (a provider run beside the service, or a test's); anywhere
        // else a man in the middle could hand us his own signing keys.
        jwt.RequireHttpsMetadata = !IsLoopback(oidc.Authority!);
        // Keep the token's own claim names ("sub", "roles") instead of the legacy WS-Federation URIs.
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters.ValidateAudience = true;
        jwt.TokenValidationParameters.ValidateIssuer = true;
        jwt.TokenValidationParameters.ValidateLifetime = true;
        jwt.TokenValidationParameters.RequireExpirationTime = true;
        // The default five minutes lets an expired token act for five more; a minute covers ordinary clock drift.
        jwt.TokenValidationParameters.ClockSkew = TimeSpan.FromMinutes(1);
        // IdentityModel's defaults keep a removed key for up to 12 hours (the next scheduled fetch) and, after a token
        // with an unknown key id, fetch again no sooner than 5 minutes later, locking out a key rotated in meanwhile.
        jwt.AutomaticRefreshInterval = oidc.KeysRefreshInterval;
        jwt.RefreshInterval = oidc.KeysMinimumRefreshInterval;
        jwt.RefreshOnIssuerKeyNotFound = true;
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                if (Actor.NameFromToken(context.Principal!) is null)
                {
                    Refuse(context.HttpContext,
                        $"it names no person: it carries none of {string.Join(", ", Actor.NamingClaims)}, and every recorded fact must say who recorded it.");
                    context.Fail("The token names no person.");
                    return Task.CompletedTask;
                }
                context.Principal = ToBreachDeskPrincipal(context.Principal!, oidc.RolesClaim);
                return Task.CompletedTask;
            },
            OnAuthenticationFailed = context =>
            {
                Refuse(context.HttpContext, TokenRefusal.Reason(context.Exception, BearerToken(context.Request), oidc));
                return Task.CompletedTask;
            },
            // JwtBearer's own description misses most causes ("The audience '(null)' is invalid"); ours says what to fix.
            OnChallenge = context =>
            {
                if (TokenRefusal.Recalled(context.HttpContext) is { } reason)
                {
                    context.Error = "invalid_token";
                    context.ErrorDescription = TokenRefusal.Printable($"The token was refused: {reason}");
                }
                return Task.CompletedTask;
            },
            // The same problem as for an API key without the role, so the dashboard says why whichever way one signed in.
            OnForbidden = context => ApiKeyAuthentication.WriteForbidden(context.HttpContext),
        };
    }

    /// <summary>
    /// Runs after JwtBearer has built its configuration manager. IdentityModel's "last known good" configuration
    /// retries a token that fails with the current keys against keys fetched earlier, for an hour: a key the provider
    /// removed (rotated out, perhaps because it leaked) would stay trusted. Only the current keys count. When the
    /// provider cannot be reached, the manager keeps its current keys anyway, so nothing is lost.
    /// </summary>
    public static void TrustOnlyCurrentKeys(JwtBearerOptions jwt)
    {
        if (jwt.ConfigurationManager is BaseConfigurationManager manager) manager.UseLastKnownGoodConfiguration = false;
    }

    public static ClaimsPrincipal ToBreachDeskPrincipal(ClaimsPrincipal token, string rolesClaim)
    {
        var claims = new List<Claim> { new("auth_method", "bearer") };
        if (Actor.NameFromToken(token) is { } actor) claims.Add(new Claim(ClaimTypes.Name, actor));
        if (token.FindFirst("sub") is { } subject) claims.Add(new Claim("sub", subject.Value));
        claims.AddRange(TokenRoles.In(token, rolesClaim).Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role));
    }

    private static void Refuse(HttpContext context, string reason)
    {
        TokenRefusal.Remember(context, reason);
        TokenRefusal.Log(context, reason);
    }

    private static string? BearerToken(HttpRequest request) =>
        request.Headers[HeaderNames.Authorization].ToString() is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : null;

    private static bool IsLoopback(string authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
