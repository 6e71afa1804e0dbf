using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;

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

    /// <summary>Claims that name a person, most readable first: the provider's user name, then e-mail, then the subject id.</summary>
    private static readonly string[] ActorClaims = ["preferred_username", "email", "sub"];

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
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                context.Principal = ToBreachDeskPrincipal(context.Principal!, oidc.RolesClaim);
                return Task.CompletedTask;
            },
            // The same problem as for an API key without the role, so the dashboard says why whichever way one signed in.
            OnForbidden = context => ApiKeyAuthentication.WriteForbidden(context.HttpContext),
        };
    }

    public static ClaimsPrincipal ToBreachDeskPrincipal(ClaimsPrincipal token, string rolesClaim)
    {
        var actor = ActorClaims.Select(type => token.FindFirst(type)?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        var claims = new List<Claim> { new("auth_method", "bearer") };
        if (actor is not null) claims.Add(new Claim(ClaimTypes.Name, actor));
        if (token.FindFirst("sub") is { } subject) claims.Add(new Claim("sub", subject.Value));
        claims.AddRange(RolesIn(token, rolesClaim).Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>
    /// A JSON array claim arrives as one claim per element; some providers send one space- or comma-separated
    /// string, or the array as JSON text. All three are read; role names are compared in lower case.
    /// </summary>
    private static IEnumerable<string> RolesIn(ClaimsPrincipal token, string rolesClaim) =>
        token.FindAll(rolesClaim)
            .SelectMany(claim => claim.Value.TrimStart().StartsWith('[') ? JsonArray(claim.Value) : claim.Value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))
            .Select(role => role.Trim().ToLowerInvariant())
            .Where(role => role.Length > 0)
            .Distinct();

    private static IEnumerable<string> JsonArray(string value)
    {
        try
        {
            return JsonSerializer.Deserialize<string[]>(value) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static bool IsLoopback(string authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
