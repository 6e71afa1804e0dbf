namespace BreachDesk.Infrastructure.Auth;

/// <summary>
/// <c>BreachDesk:Auth:Oidc</c>: people sign in at the organisation's OpenID Connect provider and call the API with
/// its access token (<c>Authorization: Bearer</c>). Bearer tokens are accepted only when <see cref="Authority"/> is set.
/// </summary>
public sealed class OidcOptions
{
    /// <summary>The provider's issuer URL; its discovery document and signing keys are fetched from there.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience the provider puts in tokens meant for BreachDesk (the <c>aud</c> claim).</summary>
    public string? Audience { get; set; }

    /// <summary>The claim that carries the person's BreachDesk roles (reporter, dpo, oncall, auditor, admin).</summary>
    public string RolesClaim { get; set; } = "roles";

    /// <summary>
    /// The dashboard's client id at the provider: a public client (no secret; a browser cannot keep one) using the
    /// authorization-code flow with PKCE, whose redirect URI is the dashboard's address (<c>https://host/</c>).
    /// Without it the dashboard offers no provider sign-in, though the API still accepts bearer tokens.
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// The scopes the dashboard asks for. <c>offline_access</c> asks for a refresh token, so the dashboard renews its
    /// short-lived access token without sending the person back to the provider; add the scope, if any, that your
    /// provider needs to issue tokens for <see cref="Audience"/>.
    /// </summary>
    public string Scope { get; set; } = DefaultScope;

    public const string DefaultScope = "openid profile email offline_access";

    /// <summary>The provider's name on the sign-in button ("Sign in with …"); by default the authority's host.</summary>
    public string? DisplayName { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The dashboard can sign people in at the provider: both the authority and the dashboard's client id are set.</summary>
    public bool DashboardSignInConfigured => IsConfigured && !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>
    /// The authority's origin (scheme, host, port), which the dashboard's pages may connect to (discovery, token
    /// endpoint, refresh); null when no authority is configured.
    /// </summary>
    public string? AuthorityOrigin =>
        IsConfigured && Uri.TryCreate(Authority, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null;

    public string ProviderName =>
        !string.IsNullOrWhiteSpace(DisplayName) ? DisplayName!
        : Uri.TryCreate(Authority, UriKind.Absolute, out var uri) ? uri.Host : "your identity provider";
}
