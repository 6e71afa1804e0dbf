using System.Net;
using System.Text.Json.Nodes;
using BreachDesk.Tests.Support;

namespace BreachDesk.Tests.Operations;

[Collection("service")]
public class HealthAndOpenApiTests(ServiceFixture fixture)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_without_authentication(string path)
    {
        var response = await fixture.Service.Client(apiKey: null).GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_document_describes_every_route_of_the_slice()
    {
        var document = await (await fixture.Service.Client("dev-auditor").GetAsync("/openapi/v1.json")).ExpectJson(HttpStatusCode.OK);
        var paths = document["paths"]!.AsObject();

        Assert.NotNull(paths["/api/incidents"]?["post"]);
        Assert.NotNull(paths["/api/incidents"]?["get"]);
        Assert.NotNull(paths["/api/incidents/{id}"]?["get"]);
        Assert.NotNull(paths["/api/incidents/{id}/timeline"]?["get"]);
        Assert.NotNull(paths["/api/incidents/{id}/occurrence"]?["post"]);
        Assert.NotNull(paths["/api/incidents"]!["post"]!["requestBody"]);
    }
}
