namespace BreachDesk.Infrastructure.Http;

/// <summary>
/// Answers HEAD wherever GET is answered, with the same status and headers and no body (RFC 9110 §9.3.2: a server
/// answering GET should answer HEAD), instead of 405 from routes mapped for GET only. The request runs as a GET;
/// Kestrel knows from the request line that it was HEAD, so it sends no body and skips the Content-Length check.
/// </summary>
public sealed class HeadAsGet(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (HttpMethods.IsHead(context.Request.Method)) context.Request.Method = HttpMethods.Get;
        return next(context);
    }
}
