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

    /// <summary>
    /// The claim that carries the person's BreachDesk roles (reporter, dpo, oncall, auditor, admin). A dotted name that
    /// is not itself a claim is a path into a JSON object claim, such as Keycloak's <c>realm_access.roles</c>.
    /// </summary>
    public string RolesClaim { get; set; } = "roles";

    /// <summary>
    /// The resource indicator (RFC 8707) the dashboard sends with its authorization and token requests, so that the
    /// provider issues a JWT access token for BreachDesk (providers such as panva's oidc-provider otherwise issue an
    /// opaque token meant only for their own userinfo endpoint). Often the same text as <see cref="Audience"/>.
    /// </summary>
    public string? Resource { get; set; }

    /// <summary>
    /// More parameters the dashboard adds to its authorization request, for a provider that needs one of its own
    /// (Auth0's <c>audience</c>, say): <c>BreachDesk:Auth:Oidc:ExtraAuthorizeParameters:audience=https://breachdesk</c>.
    /// </summary>
    public Dictionary<string, string> ExtraAuthorizeParameters { get; set; } = [];

    /// <summary>
    /// The <c>prompt</c> of the authorization request. By default <c>consent</c> when <see cref="Scope"/> asks for
    /// <c>offline_access</c>, since OpenID Connect Core (11) lets a provider ignore that scope (and give no refresh
    /// token) otherwise; set it empty to send no prompt, for a provider that grants refresh tokens without one.
    /// </summary>
    public string? Prompt { get; set; }

    public string? EffectivePrompt
    {
        get
        {
            var prompt = Prompt ?? (Scope.Split(' ').Contains("offline_access") ? "consent" : null);
            return string.IsNullOrWhiteSpace(prompt) ? null : prompt;
        }
    }

    /// <summary>
    /// How often the provider's signing keys are fetched again (ISO-8601; at least PT5M, IdentityModel's floor). A
    /// key the provider removed is no longer trusted after the next fetch.
    /// </summary>
    public string SigningKeysRefreshInterval { get; set; } = "PT10M";

    /// <summary>
    /// The least time between two fetches caused by a token signed with a key BreachDesk does not know (a new key just
    /// rotated in, or a stray token): short, so a new key is not locked out for long; not zero, so a flood of such
    /// tokens cannot make BreachDesk hammer the provider.
    /// </summary>
    public string SigningKeysMinimumRefreshInterval { get; set; } = "PT30S";

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

    public TimeSpan KeysRefreshInterval => Duration(nameof(SigningKeysRefreshInterval), SigningKeysRefreshInterval, TimeSpan.FromMinutes(5));

    public TimeSpan KeysMinimumRefreshInterval => Duration(nameof(SigningKeysMinimumRefreshInterval), SigningKeysMinimumRefreshInterval, TimeSpan.FromSeconds(1));

    private static TimeSpan Duration(string key, string value, TimeSpan least)
    {
        if (IsoDuration.TryParse(value, out var span) && span >= least) return span;
        throw new InvalidOperationException($"BreachDesk:Auth:Oidc:{key} must be an ISO-8601 duration of at least {IsoDuration.Format(least)}, not '{value}'.");
    }

    public string ProviderName =>
        !string.IsNullOrWhiteSpace(DisplayName) ? DisplayName!
        : Uri.TryCreate(Authority, UriKind.Absolute, out var uri) ? uri.Host : "your identity provider";
}
