using System.Net;
using System.Net.Http.Json;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Security;

[Collection("service")]
public class AuthenticationTests(ServiceFixture fixture)
{
    private readonly RunningService _service = fixture.Service;

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    public async Task Without_a_valid_key_every_api_route_is_401(string? key)
    {
        var client = _service.Client(key);
        var id = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/incidents")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/incidents/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/incidents/{id}/timeline")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/incidents", ReportBody())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync($"/api/incidents/{id}/occurrence", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Theory]
    [InlineData("dev-oncall")]
    [InlineData("dev-auditor")]
    public async Task Roles_that_may_not_report_get_403_and_store_nothing(string key)
    {
        var before = await _service.Client().CountIncidents();
        var response = await _service.Client(key).PostAsJsonAsync("/api/incidents", ReportBody());
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await _service.Client().CountIncidents());
    }

    [Theory]
    [InlineData("dev-oncall")]
    [InlineData("dev-auditor")]
    public async Task Roles_that_may_not_revise_the_occurrence_get_403(string key)
    {
        var incident = await _service.Client().ReportedIncident();
        var response = await _service.Client(key).PostAsJsonAsync($"/api/incidents/{incident["id"]}/occurrence",
            new { occurredAt = Iso(HoursAgo(3)), reason = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("dev-reporter")]
    [InlineData("dev-dpo")]
    [InlineData("dev-oncall")]
    [InlineData("dev-auditor")]
    [InlineData("dev-admin")]
    public async Task Every_role_may_read(string key)
    {
        var incident = await _service.Client().ReportedIncident();
        var client = _service.Client(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/incidents/{incident["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/incidents")).StatusCode);
    }

    [Fact]
    public async Task The_actor_recorded_is_the_authenticated_key_not_a_claim_in_the_body()
    {
        var incident = await _service.Client("dev-dpo").ReportedIncident(new
        {
            title = "t", description = "d", discoveredAt = Iso(HoursAgo(1)), reportedBy = "Jane on the service desk",
        });
        var timeline = await (await _service.Client().GetAsync($"/api/incidents/{incident["id"]}/timeline")).ExpectJsonArray(HttpStatusCode.OK);
        Assert.Equal("Jane on the service desk", incident["reportedBy"]!.GetValue<string>());
        Assert.Equal("dev-dpo", timeline[0]!["actor"]!.GetValue<string>());
    }
}
