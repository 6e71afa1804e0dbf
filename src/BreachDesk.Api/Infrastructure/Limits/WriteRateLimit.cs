using System.Globalization;
using System.Threading.RateLimiting;
using BreachDesk.Infrastructure.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace BreachDesk.Infrastructure.Limits;

/// <summary>
/// Each caller (by authenticated name: the API key's account or the signed-in person) gets its own fixed window of
/// writes per minute. Reads are not limited: they change nothing and the DPO's dashboard polls. It is a global limiter,
/// so a write route added later is limited without anyone remembering to say so.
/// </summary>
public static class WriteRateLimit
{
    public static void Configure(RateLimiterOptions limiter, RateLimitOptions limits)
    {
        if (limits.WritesPerMinute <= 0)
            throw new InvalidOperationException("BreachDesk:RateLimits:WritesPerMinute must be a positive whole number.");

        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            IsWrite(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(Caller(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.WritesPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0, // refuse at once rather than hold connections open
                })
                : RateLimitPartition.GetNoLimiter("reads"));
        limiter.OnRejected = (rejected, cancellation) => Reject(rejected.HttpContext, rejected.Lease, cancellation);
    }

    private static bool IsWrite(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));

    /// <summary>Anonymous requests never reach a write (authorization refuses them first); their address is a fallback.</summary>
    private static string Caller(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { } name }
            ? $"user:{name}"
            : $"address:{context.Connection.RemoteIpAddress}";

    private static async ValueTask Reject(HttpContext context, RateLimitLease lease, CancellationToken cancellation)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Problems.Result(new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too many writes.",
            Detail = $"This caller has used its writes for this minute. Retry after {seconds} s.",
        }).ExecuteAsync(context);
    }
}
