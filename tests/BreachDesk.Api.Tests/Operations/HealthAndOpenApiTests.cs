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

    [Theory]
    [InlineData("/api/incidents", "post")]
    [InlineData("/api/incidents", "get")]
    [InlineData("/api/incidents/{id}", "get")]
    [InlineData("/api/incidents/{id}/timeline", "get")]
    [InlineData("/api/incidents/{id}/occurrence", "post")]
    [InlineData("/api/incidents/{id}/dpo-notification", "post")]
    [InlineData("/api/incidents/{id}/containment", "post")]
    [InlineData("/api/incidents/{id}/impact", "post")]
    [InlineData("/api/incidents/{id}/risk-assessment", "post")]
    [InlineData("/api/incidents/{id}/regulator-notification", "post")]
    [InlineData("/api/incidents/{id}/regulator-follow-up", "post")]
    [InlineData("/api/incidents/{id}/data-subject-notification", "post")]
    [InlineData("/api/incidents/{id}/third-party-notifications", "post")]
    [InlineData("/api/incidents/{id}/close", "post")]
    [InlineData("/api/incidents/{id}/reopen", "post")]
    [InlineData("/api/deadlines", "get")]
    [InlineData("/api/register", "get")]
    public async Task The_openapi_document_describes_the_route_its_body_and_its_responses(string path, string method)
    {
        var document = await (await fixture.Service.Client("dev-auditor").GetAsync("/openapi/v1.json")).ExpectJson(HttpStatusCode.OK);
        var operation = document["paths"]?[path]?[method];

        Assert.NotNull(operation);
        Assert.False(string.IsNullOrWhiteSpace(operation!["summary"]?.GetValue<string>()));
        Assert.NotNull(operation["responses"]?["200"] ?? operation["responses"]?["201"]);
        if (method == "post")
        {
            Assert.NotNull(operation["requestBody"]?["content"]?["application/json"]);
            Assert.NotNull(operation["responses"]?["400"]);
        }
    }
}
