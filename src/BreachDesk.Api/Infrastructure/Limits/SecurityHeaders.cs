using BreachDesk.Infrastructure.Auth;
using Microsoft.Extensions.Options;

namespace BreachDesk.Infrastructure.Limits;

/// <summary>
/// Headers on every response, errors included, for the API and the dashboard served from the same origin.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, IOptions<OidcOptions> oidc)
{
    /// <summary>
    /// Same-origin everything, no inline script or style, no plugins, never framed. A dashboard built as static files
    /// calling this API fits; anything else must be a deliberate change here.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The policy with the OpenID Connect provider's origin added to <c>connect-src</c> when an authority is
    /// configured: the dashboard's sign-in fetches the provider's discovery document and calls its token endpoint
    /// (code exchange, refresh) from the page. Reaching the provider's sign-in page is a navigation, which the policy
    /// does not restrict; nothing else about the provider is allowed (no frames, no scripts).
    /// </summary>
    public static string PolicyFor(string? authorityOrigin) => authorityOrigin is null
        ? ContentSecurityPolicy
        : ContentSecurityPolicy.Replace("connect-src 'self';", $"connect-src 'self' {authorityOrigin};", StringComparison.Ordinal);

    private readonly string _policy = PolicyFor(oidc.Value.AuthorityOrigin);

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = _policy;
            // Breach records must not linger in browser or proxy caches; a response that chose its own caching keeps it.
            if (string.IsNullOrEmpty(headers.CacheControl)) headers.CacheControl = "no-store";
            // Only over HTTPS: the header is ignored over HTTP, and sending it there would claim what is not true.
            if (context.Request.IsHttps) headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
