using System.Net;
using BreachDesk.Tests.Support;

namespace BreachDesk.Tests.Http;

/// <summary>HEAD is answered wherever GET is (RFC 9110 §9.3.2): the same status and headers, no body; not 405.</summary>
[Collection("service")]
public class HeadRequestTests(ServiceFixture fixture)
{
    private readonly HttpClient _client = fixture.Service.Client("dev-dpo");

    [Theory]
    [InlineData("/api/incidents")]
    [InlineData("/api/deadlines")]
    [InlineData("/api/register?format=csv")]
    [InlineData("/health/live")]
    [InlineData("/")]
    [InlineData("/app.css")]
    [InlineData("/openapi/v1.json")]
    public async Task HEAD_answers_as_GET_does_without_a_body(string path)
    {
        using var get = await _client.GetAsync(path);
        using var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task HEAD_of_an_incident_carries_its_ETag_and_of_an_unknown_one_is_404()
    {
        var incident = await fixture.Service.Client().ReportedIncident();

        using var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/incidents/{incident["id"]}"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal($"\"{incident["version"]}\"", head.Headers.ETag?.Tag);

        using var unknown = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/incidents/{Guid.NewGuid()}"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task HEAD_needs_the_same_credentials_as_GET()
    {
        using var head = await fixture.Service.Client(null).SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/incidents"));
        Assert.Equal(HttpStatusCode.Unauthorized, head.StatusCode);
    }
}
