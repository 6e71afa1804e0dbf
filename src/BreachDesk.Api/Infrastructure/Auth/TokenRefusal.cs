using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BreachDesk.Infrastructure.Auth;

/// <summary>
/// Why a bearer token was refused, in words an operator can act on: logged at Warning (the provider is set up wrong
/// far more often than anyone attacks) and sent as the <c>error_description</c> of the 401's <c>WWW-Authenticate</c>,
/// so the person or tool holding the token can tell too. The token itself is never written anywhere.
/// </summary>
public static class TokenRefusal
{
    private const string ItemKey = "BreachDesk.TokenRefusal";

    /// <summary>Claims from an unverified token are attacker-chosen text: only this much of each is repeated.</summary>
    private const int MaxQuoted = 200;

    public static string Reason(Exception failure, string? token, OidcOptions oidc)
    {
        var jwt = TryRead(token);
        if (jwt is null)
            return "it is not a JWT (an opaque access token?). BreachDesk validates JWT access tokens only: have the provider " +
                   "issue one for BreachDesk, for example by sending the resource indicator (BreachDesk:Auth:Oidc:Resource).";
        return failure switch
        {
            SecurityTokenInvalidAudienceException =>
                $"its audience is {Quoted(jwt.Audiences)}, but BreachDesk expects '{oidc.Audience}' (BreachDesk:Auth:Oidc:Audience).",
            SecurityTokenInvalidIssuerException =>
                $"its issuer is {Quoted([jwt.Issuer])}, but BreachDesk trusts '{oidc.Authority}' (BreachDesk:Auth:Oidc:Authority).",
            SecurityTokenExpiredException expired => $"it expired at {expired.Expires:O}.",
            SecurityTokenNotYetValidException early => $"it is not valid before {early.NotBefore:O}.",
            SecurityTokenNoExpirationException => "it has no expiry (exp).",
            SecurityTokenSignatureKeyNotFoundException =>
                $"it is signed with key {Quoted([jwt.Kid])}, which the provider does not publish (a removed or not yet published key).",
            SecurityTokenInvalidSignatureException => "its signature does not verify with the provider's key.",
            _ => failure.Message,
        };
    }

    public static void Remember(HttpContext context, string reason) => context.Items[ItemKey] = reason;

    public static string? Recalled(HttpContext context) => context.Items.TryGetValue(ItemKey, out var reason) ? reason as string : null;

    public static void Log(HttpContext context, string reason) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TokenRefusal).FullName!)
            .LogWarning("Bearer token refused on {Method} {Path}: {Reason}", context.Request.Method, context.Request.Path, reason);

    private static JsonWebToken? TryRead(string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        try
        {
            return new JsonWebToken(token);
        }
        catch (ArgumentException) // SecurityTokenMalformedException is one
        {
            return null;
        }
    }

    private static string Quoted(IEnumerable<string?> values)
    {
        var present = values.Where(v => !string.IsNullOrEmpty(v)).Select(v => $"'{Printable(Shorten(v!))}'").ToList();
        return present.Count == 0 ? "missing" : string.Join(", ", present);
    }

    private static string Shorten(string value) => value.Length <= MaxQuoted ? value : value[..MaxQuoted] + "...";

    /// <summary>
    /// Printable ASCII only, without quotes or backslashes: a claim of an unverified token is attacker-chosen, and goes
    /// into a log line (where a line break would forge another) and a quoted header parameter (where a line break or a
    /// non-ASCII character would make Kestrel fail the response).
    /// </summary>
    public static string Printable(string text) =>
        new(text.Select(c => c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '?').ToArray());
}
