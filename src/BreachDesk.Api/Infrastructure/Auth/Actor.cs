using System.Security.Claims;

namespace BreachDesk.Infrastructure.Auth;

public static class Actor
{
    /// <summary>Who is acting: the API key's name or the signed-in person; recorded on every event.</summary>
    public static string Name(this ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";
}
