using System.Security.Claims;

namespace BreachDesk.Infrastructure.Auth;

public static class Actor
{
    /// <summary>
    /// The access token's claims that name the person acting, in the order they are tried: the provider's user name,
    /// the e-mail address, the display name, and last the subject id (stable, but unreadable in an audit trail). A token
    /// with none of them names nobody and is refused: every recorded fact must say who recorded it.
    /// </summary>
    public static readonly string[] NamingClaims = ["preferred_username", "email", "name", "sub"];

    /// <summary>Who is acting: the API key's name or the signed-in person; recorded on every event.</summary>
    public static string Name(this ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    /// <summary>The first of <see cref="NamingClaims"/> that the token carries with a value, or null.</summary>
    public static string? NameFromToken(ClaimsPrincipal token) =>
        NamingClaims.Select(type => token.FindFirst(type)?.Value).FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
}
