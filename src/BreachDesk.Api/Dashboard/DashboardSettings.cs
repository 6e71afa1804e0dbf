using BreachDesk.Infrastructure.Auth;
using Microsoft.Extensions.Options;

namespace BreachDesk.Dashboard;

/// <summary>
/// What the dashboard must know before anyone has signed in: how people sign in. Served anonymously at
/// <see cref="DashboardConfiguration.SettingsRoute"/>, outside <c>/api</c> (every API route needs a caller). Holds
/// nothing secret: the provider's address and the dashboard's public client id are visible in every sign-in redirect
/// anyway, and the API keys, the audience and the roles claim are not included. The resource indicator and any extra
/// authorization parameters are sent to the provider in the browser's address bar, so they are no secret either.
/// </summary>
public sealed record DashboardSettings(bool DevKeys, DashboardSettings.Provider? Oidc)
{
    /// <param name="Name">Shown on the sign-in button: "Sign in with {Name}".</param>
    /// <param name="Resource">The resource indicator sent with the authorization, code and refresh requests, if any.</param>
    /// <param name="Prompt">The authorization request's <c>prompt</c>, if any (<c>consent</c> to get a refresh token).</param>
    /// <param name="ExtraAuthorizeParameters">More parameters of the authorization request (<c>audience</c>, say).</param>
    public sealed record Provider(
        string Authority, string ClientId, string Scope, string Name, string? Resource, string? Prompt,
        IReadOnlyDictionary<string, string> ExtraAuthorizeParameters);

    public static DashboardSettings From(AuthOptions auth, OidcOptions oidc) => new(
        auth.DevKeys,
        oidc.DashboardSignInConfigured
            ? new Provider(oidc.Authority!, oidc.ClientId!, oidc.Scope, oidc.ProviderName,
                string.IsNullOrWhiteSpace(oidc.Resource) ? null : oidc.Resource, oidc.EffectivePrompt, oidc.ExtraAuthorizeParameters)
            : null);

    public static IResult Get(IOptions<AuthOptions> auth, IOptions<OidcOptions> oidc) =>
        TypedResults.Json(From(auth.Value, oidc.Value));
}
