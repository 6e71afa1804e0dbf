using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BreachDesk.Tests.Security;

namespace BreachDesk.Tests.Faults;

/// <summary>
/// Generates malformed and hostile requests for a route of <see cref="RouteTable"/>: from a body the route accepts,
/// one mutation (a wrong type, a huge string, deep nesting, invalid UTF-8, an injection string, a wrong content type,
/// unknown or duplicate fields, random bytes...), or a hostile path segment, query string or header. Driven by a
/// seeded <see cref="Random"/>, so a failure names a seed and an index that reproduce it.
/// </summary>
public sealed class HostileRequests(Random random)
{
    public sealed record Generated(HttpRequestMessage Request, string Description);

    private const string Marker = "__fuzz_marker__";

    private static readonly string[] Injections =
    [
        "'; DROP TABLE breachdesk.mt_events; --", "\" OR 1=1 --", "1' OR '1'='1", "<script>alert(1)</script>", "{{7*7}}", "{% raw %}",
        "${jndi:ldap://127.0.0.1/x}", "../../../../etc/passwd", "=HYPERLINK(\"http://x\")", "\0", "\u0000\u0001\u001f", "\ud83d\ude00",
        "\u202e\u0646", "%00", "%s%s%s%n", "null", "undefined", "NaN", "-1", "1e309", "$where", "{\"$gt\":\"\"}", "\\", "\r\n\r\nX-Injected: 1",
        "\ufeff", new string('\u00e9', 5000),
    ];

    private static readonly string[] QueryNames = ["status", "page", "pageSize", "limit", "format", "state", "from", "to", "sort", "q", "id"];

    private static readonly string[] ContentTypes =
        ["text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/json; charset=latin1",
         "application/jsonx", "*/*", "application/octet-stream"];

    public Generated Next(RouteTable.Route route, string incidentId)
    {
        var path = route.Template.Replace("{id}", incidentId).Replace("{kind}", "dpo-notice");
        if (route.Method == "GET") return NextGet(route, path, incidentId);

        var body = JsonSerializer.SerializeToNode(route.Body?.Invoke() ?? new { reason = "ok" })!.AsObject();
        var fields = body.Select(p => p.Key).ToArray();
        var field = fields.Length == 0 ? "reason" : fields[random.Next(fields.Length)];
        var kind = random.Next(16);
        string description;
        byte[] bytes;
        var contentType = "application/json";
        switch (kind)
        {
            case 0:
                var wrong = WrongType();
                body[field] = wrong?.DeepClone();
                description = $"'{field}' as {wrong?.ToJsonString() ?? "null"}";
                bytes = Utf8(body);
                break;
            case 1:
                var size = new[] { 1_000, 20_000, 200_000, 300_000, 900_000 }[random.Next(5)];
                body[field] = new string((char)('a' + random.Next(26)), size);
                description = $"'{field}' a string of {size} characters";
                bytes = Utf8(body);
                break;
            case 2:
                var depth = new[] { 65, 500, 5_000, 100_000 }[random.Next(4)];
                var open = random.Next(2) == 0 ? "[" : "{\"a\":";
                var close = open == "[" ? "]" : "}";
                body[field] = Marker;
                bytes = Encoding.UTF8.GetBytes(body.ToJsonString().Replace($"\"{Marker}\"",
                    string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth))));
                description = $"'{field}' nested {depth} deep";
                break;
            case 3:
                var invalid = new[] { new byte[] { 0xC3, 0x28 }, [0xFF, 0xFE], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC0, 0xAF], [0x80] }[random.Next(6)];
                body[field] = Marker;
                var json = Utf8(body);
                var at = IndexOf(json, Encoding.UTF8.GetBytes(Marker));
                bytes = [.. json[..at], .. invalid, .. json[(at + Marker.Length)..]];
                description = $"'{field}' with invalid UTF-8 {Convert.ToHexString(invalid)}";
                break;
            case 4:
                var injection = Injections[random.Next(Injections.Length)];
                body[field] = injection;
                description = $"'{field}' = injection {JsonSerializer.Serialize(injection[..Math.Min(40, injection.Length)])}";
                bytes = Utf8(body);
                break;
            case 5:
                contentType = ContentTypes[random.Next(ContentTypes.Length)];
                description = $"valid body as {contentType}";
                bytes = Utf8(body);
                break;
            case 6:
                var unknown = new[] { "isAdmin", "__proto__", "$type", "id", "version", "actor", "status", "" }[random.Next(8)];
                body[unknown] = random.Next(2) == 0 ? JsonValue.Create(true) : JsonValue.Create("x");
                description = $"unknown field '{unknown}'";
                bytes = Utf8(body);
                break;
            case 7:
                bytes = new byte[random.Next(0, 4000)];
                random.NextBytes(bytes);
                description = $"{bytes.Length} random bytes";
                break;
            case 8:
                var whole = Utf8(body);
                bytes = whole[..random.Next(0, Math.Max(1, whole.Length - 1))];
                description = $"JSON cut at {bytes.Length} of {whole.Length} bytes";
                break;
            case 9:
                var top = new[] { "null", "[]", "42", "\"x\"", "true", "", " ", "{}", "[{}]" }[random.Next(9)];
                bytes = Encoding.UTF8.GetBytes(top);
                description = $"top-level {JsonSerializer.Serialize(top)}";
                break;
            case 10:
                var odd = new[] { "2026-13-45T00:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "-1", "1e400", "99999999999999999999999",
                    "P-1D", "PT99999999999999H", "2026-02-30", "yesterday" }[random.Next(10)];
                body[field] = random.Next(2) == 0 ? JsonValue.Create(odd) : JsonNode.Parse(JsonNumberOrString(odd));
                description = $"'{field}' = {odd}";
                bytes = Utf8(body);
                break;
            case 11:
                var once = body.ToJsonString();
                bytes = Encoding.UTF8.GetBytes(once.Length > 2
                    ? once[..^1] + $",\"{field}\":{WrongType()?.ToJsonString() ?? "null"}}}"
                    : $"{{\"{field}\":1,\"{field}\":2}}");
                description = $"'{field}' twice";
                break;
            case 12:
                path = route.Template.Replace("{id}", HostileSegment()).Replace("{kind}", HostileSegment());
                description = $"hostile path {path[..Math.Min(80, path.Length)]}";
                bytes = Utf8(body);
                break;
            case 13:
                var control = Injections[random.Next(Injections.Length)];
                body[field] = control + new string((char)random.Next(0, 32), random.Next(1, 50));
                description = $"'{field}' with control characters";
                bytes = Utf8(body);
                break;
            case 14:
                description = "hostile headers";
                bytes = Utf8(body);
                break;
            default:
                var array = new JsonArray(Enumerable.Range(0, random.Next(1, 20_000)).Select(n => (JsonNode?)JsonValue.Create(n)).ToArray());
                body[field] = array;
                description = $"'{field}' as an array of {array.Count} numbers";
                bytes = Utf8(body);
                break;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (kind == 14) AddHostileHeaders(request);
        return new Generated(request, $"POST {route.Template}: {description}");
    }

    private Generated NextGet(RouteTable.Route route, string path, string incidentId)
    {
        string description;
        switch (random.Next(3))
        {
            case 0:
                path = route.Template.Replace("{id}", HostileSegment()).Replace("{kind}", HostileSegment());
                description = "hostile path";
                break;
            case 1:
                var query = string.Join('&', Enumerable.Range(0, random.Next(1, 5))
                    .Select(_ => $"{QueryNames[random.Next(QueryNames.Length)]}={Uri.EscapeDataString(HostileValue())}"));
                path += "?" + query;
                description = "hostile query";
                break;
            default:
                description = "hostile headers";
                break;
        }
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (description == "hostile headers") AddHostileHeaders(request);
        return new Generated(request, $"GET {route.Template}: {description} {path[..Math.Min(100, path.Length)]}");
    }

    private void AddHostileHeaders(HttpRequestMessage request)
    {
        // Printable ASCII only: HttpClient itself refuses anything else in a header.
        var value = new string(HostileValue().Where(c => c is >= ' ' and <= '~').ToArray());
        request.Headers.TryAddWithoutValidation("If-Match", random.Next(2) == 0 ? $"\"{value}\"" : value);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", random.Next(2) == 0 ? new string('k', random.Next(100, 5000)) : value);
        request.Headers.Accept.Clear();
        request.Headers.TryAddWithoutValidation("Accept", new[] { "text/html", "application/xml", "*/*;q=abc", "text/csv", value }[random.Next(5)]);
    }

    private JsonNode? WrongType() => random.Next(8) switch
    {
        0 => JsonValue.Create(12345),
        1 => JsonValue.Create(true),
        2 => new JsonArray(JsonValue.Create("a"), JsonValue.Create(1)),
        3 => new JsonObject { ["nested"] = JsonValue.Create("x") },
        4 => null,
        5 => JsonValue.Create(-1.5e300),
        6 => JsonValue.Create(""),
        _ => JsonValue.Create("not-what-was-expected"),
    };

    private string HostileValue() => random.Next(4) switch
    {
        0 => Injections[random.Next(Injections.Length)],
        1 => random.Next(-1_000_000, 1_000_000).ToString(),
        2 => new[] { "99999999999999999999999", "-0", "1e9", "all", "OPEN", "", "csv", "xml", "../" }[random.Next(9)],
        _ => new string('x', random.Next(1, 10_000)),
    };

    private string HostileSegment() => Uri.EscapeDataString(random.Next(3) switch
    {
        0 => Guid.NewGuid().ToString(),
        1 => Injections[random.Next(Injections.Length)] is { Length: > 0 } s ? s : "x",
        _ => new string('9', random.Next(1, 3000)),
    });

    private static string JsonNumberOrString(string value) => double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _)
        ? value : JsonSerializer.Serialize(value);

    private static byte[] Utf8(JsonObject body) => Encoding.UTF8.GetBytes(body.ToJsonString());

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i <= haystack.Length - needle.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        throw new InvalidOperationException("Marker not found.");
    }
}
