using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Net.Http.Headers;

namespace BreachDesk.Infrastructure.Auth;

public static class Configuration
{
    /// <summary>The scheme every request is authenticated by: it hands the request to the bearer or the API-key scheme.</summary>
    public const string CallerScheme = "ApiKeyOrBearer";

    /// <summary>
    /// API keys for service accounts, and (when <c>BreachDesk:Auth:Oidc:Authority</c> is set) bearer tokens from the
    /// organisation's OpenID Connect provider for people. Both are accepted on every route.
    /// </summary>
    public static void AddBreachDeskIdentity(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection("BreachDesk:Auth"));
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.Configure<OidcOptions>(builder.Configuration.GetSection("BreachDesk:Auth:Oidc"));
        var oidc = builder.Configuration.GetSection("BreachDesk:Auth:Oidc").Get<OidcOptions>() ?? new OidcOptions();
        if (oidc.IsConfigured && string.IsNullOrWhiteSpace(oidc.Audience))
            throw new InvalidOperationException("BreachDesk:Auth:Oidc:Audience is required when BreachDesk:Auth:Oidc:Authority is set.");
        if (!oidc.IsConfigured && !string.IsNullOrWhiteSpace(oidc.ClientId))
            throw new InvalidOperationException("BreachDesk:Auth:Oidc:ClientId needs BreachDesk:Auth:Oidc:Authority (and Audience).");
        if (oidc.IsConfigured && oidc.AuthorityOrigin is null)
            throw new InvalidOperationException("BreachDesk:Auth:Oidc:Authority must be an absolute URL such as https://login.example.org/realms/staff.");
        // Read once here, so a wrong duration stops the start with its key named, not the first sign-in.
        if (oidc.IsConfigured) _ = (oidc.KeysRefreshInterval, oidc.KeysMinimumRefreshInterval);

        var authentication = builder.Services.AddAuthentication(CallerScheme)
            .AddPolicyScheme(CallerScheme, "API key or bearer token", policy =>
                policy.ForwardDefaultSelector = context => oidc.IsConfigured && HasBearerToken(context.Request)
                    ? BearerTokenAuthentication.SchemeName
                    : ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        if (oidc.IsConfigured)
        {
            authentication.AddJwtBearer(BearerTokenAuthentication.SchemeName, jwt => BearerTokenAuthentication.Configure(jwt, oidc));
            // Registered after AddJwtBearer's own post-configuration, which creates the configuration manager.
            builder.Services.PostConfigure<JwtBearerOptions>(BearerTokenAuthentication.SchemeName, BearerTokenAuthentication.TrustOnlyCurrentKeys);
        }

        builder.Services.AddAuthorizationBuilder()
            // Every route needs an authenticated caller unless it says otherwise (only /health/* does).
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    }

    private static bool HasBearerToken(HttpRequest request) =>
        request.Headers[HeaderNames.Authorization].ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
}
