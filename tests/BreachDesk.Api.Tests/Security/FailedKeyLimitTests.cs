using System.Net;
using BreachDesk.Tests.Support;

namespace BreachDesk.Tests.Security;

/// <summary>
/// Guessing API keys is slowed down: after BreachDesk:RateLimits:FailedKeysPerMinute unknown keys from one address, every
/// key from it is refused with 429 and Retry-After for the rest of the minute, the right key too, so that a guess that
/// happens to be right cannot be told from the wrong ones.
/// </summary>
public class FailedKeyLimitTests
{
    private const int Allowed = 3;

    [Fact]
    public async Task After_the_allowed_unknown_keys_every_key_from_the_address_is_a_429_with_Retry_After()
    {
        await using var service = await RunningService.StartAsync(await TestDatabase.CreateAsync(), null,
            $"BreachDesk:RateLimits:FailedKeysPerMinute={Allowed}");
        // The minute runs on the real clock from this address's first key, so the requests below follow each other
        // at once: they take well under a second, against a one-minute window.
        for (var i = 0; i < Allowed; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await service.Client($"guess-{i}").GetAsync("/api/incidents")).StatusCode);

        var refused = await service.Client("guess-next").GetAsync("/api/incidents");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.TooManyRequests, (await service.Client("dev-dpo").GetAsync("/api/incidents")).StatusCode);
        // No key at all tries nothing: it is told to authenticate, and anonymous routes stay open.
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Client(null).GetAsync("/api/incidents")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Client(null).GetAsync("/health/live")).StatusCode);
    }
}
