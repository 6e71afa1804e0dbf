using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Reporting;

[Collection("service")]
public class IdempotencyAndReferenceTests(ServiceFixture fixture)
{
    private readonly RunningService _service = fixture.Service;

    [Fact]
    public async Task Twenty_concurrent_reports_with_one_idempotency_key_create_exactly_one_incident()
    {
        var title = $"Retried report {Guid.NewGuid():N}";
        var body = ReportBody(title: title, discoveredAt: HoursAgo(1));
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            var response = await _service.Client().SendAsync(request);
            return (response.StatusCode, Body: JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        }));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.Body.ToJsonString()));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Single(responses.Select(r => r.Body["id"]!.GetValue<string>()).Distinct());
        Assert.Equal(1, await IncidentsTitled(title));
    }

    [Fact]
    public async Task A_repeat_returns_the_first_result_and_the_same_key_with_another_body_is_422()
    {
        var key = Guid.NewGuid().ToString();
        var body = ReportBody(discoveredAt: HoursAgo(1));

        var first = await Send(key, body);
        var firstIncident = await first.ExpectJson(HttpStatusCode.Created);
        var again = await Send(key, body);
        var againIncident = await again.ExpectJson(HttpStatusCode.OK);
        Assert.Equal(firstIncident["id"]!.ToJsonString(), againIncident["id"]!.ToJsonString());
        Assert.Equal(first.Headers.Location, again.Headers.Location);

        var other = await Send(key, ReportBody(title: "Something else", discoveredAt: HoursAgo(1)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_same_key_from_two_different_clients_creates_two_incidents()
    {
        var key = Guid.NewGuid().ToString();
        var body = ReportBody(discoveredAt: HoursAgo(1));

        var byReporter = await (await Send(key, body, "dev-reporter")).ExpectJson(HttpStatusCode.Created);
        var byDpo = await (await Send(key, body, "dev-dpo")).ExpectJson(HttpStatusCode.Created);
        Assert.NotEqual(byReporter["id"]!.ToJsonString(), byDpo["id"]!.ToJsonString());
    }

    [Fact]
    public async Task Fifty_concurrent_reports_get_fifty_distinct_references()
    {
        var incidents = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => _service.Client().ReportedIncident()));

        var references = incidents.Select(i => i["reference"]!.GetValue<string>()).ToList();
        Assert.Equal(50, references.Distinct().Count());
        Assert.All(references, r => Assert.Matches($@"^BD-{DateTimeOffset.UtcNow.Year}-\d{{4,}}$", r));
    }

    private Task<HttpResponseMessage> Send(string key, object body, string apiKey = "dev-reporter")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return _service.Client(apiKey).SendAsync(request);
    }

    private async Task<int> IncidentsTitled(string title)
    {
        var list = await (await _service.Client().GetAsync("/api/incidents?status=all&pageSize=200")).ExpectJson(HttpStatusCode.OK);
        return list["items"]!.AsArray().Count(i => i!["title"]!.GetValue<string>() == title);
    }
}
