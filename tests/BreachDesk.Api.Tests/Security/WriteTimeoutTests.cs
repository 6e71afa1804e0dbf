using BreachDesk.Tests.Support;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BreachDesk.Tests.Security;

/// <summary>
/// A write cut off by the request time limit after it committed would answer 504 for a fact that is on record, and a
/// retry without an Idempotency-Key would record it twice: writes are exempt, reads keep the limit.
/// </summary>
[Collection("service")]
public class WriteTimeoutTests(ServiceFixture fixture)
{
    [Fact]
    public void Every_write_route_runs_to_completion_and_reads_keep_the_time_limit()
    {
        var endpoints = fixture.Service.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/") == true)
            .Select(e => (Route: e.RoutePattern.RawText!, Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [],
                Exempt: e.Metadata.GetMetadata<DisableRequestTimeoutAttribute>() is not null))
            .ToList();

        var writes = endpoints.Where(e => e.Methods.Contains("POST")).ToList();
        Assert.NotEmpty(writes);
        Assert.All(writes, e => Assert.True(e.Exempt, $"POST {e.Route} can still be cut off by the request time limit"));
        Assert.Contains(endpoints, e => e.Methods.Contains("GET") && e.Route == "/api/incidents" && !e.Exempt);
    }
}
