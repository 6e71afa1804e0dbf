using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace BreachDesk.Infrastructure.Limits;

/// <summary>
/// Slows down guessing API keys: each client address may present <see cref="RateLimitOptions.FailedKeysPerMinute"/>
/// unknown keys per minute; after that every key it presents, right or wrong, is refused with 429 until the minute is
/// over. Refusing the right key too is the point: if it were accepted, a guesser would still learn which guess was right.
/// By address, not by name: a failed key names nobody. Behind a proxy the address is the proxy's unless forwarded headers
/// are configured (docs/configuration.md).
/// </summary>
public sealed class FailedKeyLimit : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public FailedKeyLimit(IOptions<RateLimitOptions> options)
    {
        var perMinute = options.Value.FailedKeysPerMinute;
        if (perMinute <= 0)
            throw new InvalidOperationException("BreachDesk:RateLimits:FailedKeysPerMinute must be a positive whole number.");
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    /// <summary>Null while the address may still present keys; else how long it must wait.</summary>
    public TimeSpan? Blocked(HttpContext context)
    {
        // Asking for no permit tells whether any is left without using one.
        using var lease = _limiter.AttemptAcquire(Address(context), permitCount: 0);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
    }

    /// <summary>The address presented a key that is not configured.</summary>
    public void Failed(HttpContext context)
    {
        using var _ = _limiter.AttemptAcquire(Address(context));
    }

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public void Dispose() => _limiter.Dispose();
}
