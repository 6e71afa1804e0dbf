using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BreachDesk.Infrastructure.Limits;

/// <summary>
/// What keeps one caller from hurting the service or its records: body size (Kestrel's 1 MiB, set in BreachDeskApp,
/// and the JSON limit in JsonBodyValidation), writes per minute per caller, unknown API keys per minute per address
/// (<see cref="FailedKeyLimit"/>, applied by the API-key scheme), a time limit per request, and browser security headers.
/// </summary>
public static class Configuration
{
    public static void AddAbuseLimits(this WebApplicationBuilder builder)
    {
        // Read when the service starts, after every configuration source (tests' included) is in place.
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration("BreachDesk:RateLimits");
        builder.Services.AddOptions<HttpLimitOptions>().BindConfiguration("BreachDesk:Http");
        builder.Services.AddSingleton<FailedKeyLimit>();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<RateLimitOptions>>((limiter, limits) => WriteRateLimit.Configure(limiter, limits.Value));
        builder.Services.AddRequestTimeouts();
        builder.Services.AddOptions<RequestTimeoutOptions>()
            .Configure<IOptions<HttpLimitOptions>>((timeouts, configured) =>
            {
                if (configured.Value.RequestTimeoutSeconds <= 0)
                    throw new InvalidOperationException("BreachDesk:Http:RequestTimeoutSeconds must be a positive whole number.");
                timeouts.DefaultPolicy = new RequestTimeoutPolicy
                {
                    Timeout = TimeSpan.FromSeconds(configured.Value.RequestTimeoutSeconds),
                    TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
                };
            });
    }

    /// <summary>First in the pipeline, so that even a 401 or an unhandled error carries the headers.</summary>
    public static void UseSecurityHeaders(this WebApplication app) => app.UseMiddleware<SecurityHeaders>();

    /// <summary>After authentication and authorization: the limit is per authenticated caller, and refused callers cost nothing.</summary>
    public static void UseAbuseLimits(this WebApplication app)
    {
        app.UseRequestTimeouts();
        app.UseRateLimiter();
    }
}
