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

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);
}
