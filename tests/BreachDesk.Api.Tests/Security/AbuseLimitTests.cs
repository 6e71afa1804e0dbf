using System.Net;
using System.Net.Http.Json;
using BreachDesk.Infrastructure.Limits;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Security;

public class RateLimitTests
{
    [Fact]
    public async Task A_caller_over_its_writes_per_minute_gets_429_with_retry_after_while_others_and_reads_go_on()
    {
        await using var service = await RunningService.StartAsync(await TestDatabase.CreateAsync(), null,
            "BreachDesk:RateLimits:WritesPerMinute=3");
        var reporter = service.Client("dev-reporter");

        for (var i = 0; i < 3; i++) await reporter.ReportedIncident();
        var refused = await reporter.PostAsJsonAsync("/api/incidents", ReportBody());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        // Nothing was stored by the refused write.
        Assert.Equal(3, await reporter.CountIncidents());
        // Reads are not limited, and the limit is per caller.
        Assert.Equal(HttpStatusCode.OK, (await reporter.GetAsync("/api/incidents")).StatusCode);
        await service.Client("dev-dpo").ReportedIncident();
    }
}

[Collection("service")]
public class SecurityHeaderTests(ServiceFixture fixture)
{
    private readonly RunningService _service = fixture.Service;

    public static TheoryData<string, string?> Responses => new()
    {
        { "/api/incidents", "dev-auditor" },        // 200
        { "/api/incidents", null },                 // 401
        { "/api/register", "dev-oncall" },          // 403
        { $"/api/incidents/{Guid.Empty}", "dev-auditor" }, // 404
        { "/health/live", null },
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task Every_response_carries_the_security_headers(string url, string? key)
    {
        var response = await _service.Client(key).GetAsync(url);

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Header(response, "Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
        // Plain HTTP here: Strict-Transport-Security would be meaningless and is left out.
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Api_responses_are_not_cached()
    {
        var response = await _service.Client("dev-auditor").GetAsync("/api/incidents");
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
