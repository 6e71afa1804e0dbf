using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BreachDesk.Tests.Support;

/// <summary>Given-state helpers and readers for the incident API, as a client sees it (JSON over HTTP).</summary>
public static class IncidentApi
{
    public static DateTimeOffset HoursAgo(double hours) => DateTimeOffset.UtcNow.AddHours(-hours);

    public static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz");

    public static object ReportBody(string? title = null, DateTimeOffset? discoveredAt = null, DateTimeOffset? occurredAt = null) => new
    {
        title = title ?? $"Misdirected e-mail {Guid.NewGuid():N}",
        description = "A spreadsheet of customer contact details was e-mailed to the wrong supplier.",
        discoveredAt = Iso(discoveredAt ?? HoursAgo(1)),
        occurredAt = occurredAt is { } o ? Iso(o) : null,
        source = "staff",
        systems = new[] { "mail" },
    };

    public static async Task<JsonObject> ReportedIncident(this HttpClient client, object? body = null)
    {
        var response = await client.PostAsJsonAsync("/api/incidents", body ?? ReportBody());
        return await response.ExpectJson(HttpStatusCode.Created);
    }

    public static async Task<JsonObject> ExpectJson(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonArray> ExpectJsonArray(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsArray();
    }

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string url, string json, string contentType = "application/json") =>
        client.PostAsync(url, new StringContent(json, Encoding.UTF8, contentType));

    public static DateTimeOffset Time(this JsonNode? node) => DateTimeOffset.Parse(node!.GetValue<string>());

    public static async Task<long> CountIncidents(this HttpClient client)
    {
        var list = await (await client.GetAsync("/api/incidents?status=all&pageSize=1")).ExpectJson(HttpStatusCode.OK);
        return list["total"]!.GetValue<long>();
    }

    public static string Compact(object value) => JsonSerializer.Serialize(value);
}
