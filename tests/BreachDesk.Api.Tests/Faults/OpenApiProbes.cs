using System.Text.Json.Nodes;
using BreachDesk.Validation;

namespace BreachDesk.Tests.Faults;

/// <summary>
/// Boundary values for every parameter and body field of every operation of the served OpenAPI document, chosen by the
/// type the document gives it (following <c>$ref</c>, <c>oneOf</c> with null, type lists): empty and all-zero ids,
/// integers at and past 32 and 64 bits, negative numbers, durations past TimeSpan's range, timestamps at year 1, before
/// 1970 and in year 9999, strings past their limits, wrong JSON types, null. Where the document says nothing of a field's
/// type (an empty schema) a name ending in "At" is taken for a timestamp, as every timestamp of the API is named.
/// </summary>
public sealed class OpenApiProbes(JsonObject document)
{
    /// <summary>
    /// One request. <paramref name="Bad"/>: the value can never be right, so the request must be refused with a problem
    /// that names <paramref name="Field"/> (when <paramref name="Named"/>) and store nothing. Otherwise it is an extreme
    /// but possibly valid value, which must merely not break the service.
    /// </summary>
    public sealed record Probe(string Method, string Template, string In, string Field, JsonNode? Value, bool Bad, bool Named)
    {
        public string Describe() => $"{Method} {Template} {In} '{Field}' = {Show(Value)}";

        private static string Show(JsonNode? value)
        {
            var text = value?.ToJsonString() ?? "null";
            return text.Length > 60 ? $"{text[..40]}... ({text.Length} characters)" : text;
        }
    }

    public sealed record Operation(string Method, string Template, IReadOnlyList<string> PathParameters, bool HasBody);

    private enum Kind { Text, Timestamp, Duration, Uuid, Int32, Int64, Number, Boolean, Enum, Array, Object }

    private static readonly string PastEveryLimit = new('x', Limits.LongText + 1);

    public IEnumerable<Operation> Operations() =>
        from path in document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        let parameters = Parameters(operation.Value!.AsObject())
        select new Operation(operation.Key.ToUpperInvariant(), path.Key,
            parameters.Where(p => p.In == "path").Select(p => p.Name).ToArray(),
            operation.Value!["requestBody"] is not null);

    public IEnumerable<Probe> For(Operation operation)
    {
        var node = document["paths"]![operation.Template]![operation.Method.ToLowerInvariant()]!.AsObject();
        foreach (var (name, at, schema) in Parameters(node))
        {
            var kind = KindOf(schema, name);
            // Free text (a string with only a maxLength, such as a search's words) takes any value but a longer one.
            var freeText = at == "query" && kind == Kind.Text && schema["maxLength"] is not null && schema["pattern"] is null;
            IEnumerable<JsonNode?> bad = freeText ? [new string('x', schema["maxLength"]!.GetValue<int>() + 1)] : at == "path" ? BadPathValues(kind) : BadQueryValues();
            foreach (var value in bad)
                yield return new Probe(operation.Method, operation.Template, at, name, value, Bad: true, Named: at == "query");
            if (at == "query")
            {
                IEnumerable<JsonNode?> extreme = freeText ? [.. BadQueryValues().SkipLast(1), .. ExtremeQueryValues()] : ExtremeQueryValues();
                foreach (var value in extreme)
                    yield return new Probe(operation.Method, operation.Template, at, name, value, Bad: false, Named: false);
            }
        }

        if (node["requestBody"]?["content"]?["application/json"]?["schema"] is not { } body) yield break;
        var root = Resolve(body);
        foreach (var (field, schema) in Properties(root))
        {
            foreach (var probe in BodyProbes(operation, field, schema, depth: 0)) yield return probe;
            // Null can be right (an optional field left out); whether a field may be null is the conformance test's to prove.
            yield return new Probe(operation.Method, operation.Template, "body", field, null, Bad: true, Named: false);
            foreach (var value in ExtremeValues(KindOf(schema, field), schema))
                yield return new Probe(operation.Method, operation.Template, "body", field, value, Bad: false, Named: false);
        }
    }

    private IEnumerable<Probe> BodyProbes(Operation operation, string field, JsonObject schema, int depth)
    {
        var kind = KindOf(schema, field);
        foreach (var value in BadValues(kind, schema))
            yield return new Probe(operation.Method, operation.Template, "body", field, value, Bad: true, Named: true);
        if (depth > 2) yield break;
        if (kind == Kind.Array && schema["items"] is { } items)
            foreach (var probe in BodyProbes(operation, $"{field}[0]", Resolve(items), depth + 1)) yield return probe;
        if (kind == Kind.Object)
            foreach (var (name, property) in Properties(schema))
                foreach (var probe in BodyProbes(operation, $"{field}.{name}", property, depth + 1)) yield return probe;
    }

    private static IEnumerable<JsonNode?> BadValues(Kind kind, JsonObject schema)
    {
        IEnumerable<JsonNode?> wrongTypes = kind switch
        {
            Kind.Text or Kind.Timestamp or Kind.Duration or Kind.Uuid or Kind.Enum => [12345, true, new JsonObject(), new JsonArray()],
            Kind.Int32 or Kind.Int64 or Kind.Number => ["abc", true, new JsonObject(), new JsonArray()],
            Kind.Boolean => ["yes", 1, new JsonObject(), new JsonArray()],
            Kind.Array => ["x", 1, new JsonObject()],
            _ => ["x", 1, new JsonArray()],
        };
        return wrongTypes.Concat(kind switch
        {
            Kind.Text => [schema["maxLength"] is { } max ? new string('x', max.GetValue<int>() + 1) : PastEveryLimit],
            Kind.Timestamp =>
            [
                "0001-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "1900-01-01T00:00:00+01:00", "9999-12-31T23:59:59Z",
                "9999-12-31T23:59:59-14:00", "10000-01-01T00:00:00Z", "2026-01-01T09:00:00", "yesterday", "",
            ],
            Kind.Duration => ["P10675199DT2H48M5.4775808S", "-P10675199DT2H48M5.4775808S", "PT99999999999999H", "six hours", ""],
            Kind.Uuid => ["", "not-a-uuid", "00000000-0000-0000-0000-00000000000g"],
            Kind.Int32 => [-1, Number("2147483648"), Number("-2147483649"), Number("9223372036854775808"), Number("1.5"), Number("1e400")],
            Kind.Int64 => [-1, Number("9223372036854775808"), Number("-9223372036854775809"), Number("1.5"), Number("1e400")],
            Kind.Number => [Number("1e400"), Number("-1e400")],
            Kind.Enum => ["not-a-value", "", " "],
            _ => [],
        });
    }

    /// <summary>A path segment that names nothing: an all-zero or malformed id, a number at and past 32 and 64 bits, a long one.</summary>
    private static IEnumerable<JsonNode?> BadPathValues(Kind kind) =>
        kind == Kind.Uuid
            ? ["00000000-0000-0000-0000-000000000000", "not-a-uuid", "2147483648", "9223372036854775808", "-1", new string('9', 2000)]
            : ["not-a-value", "-1", "9223372036854775808", new string('x', 2000)];

    /// <summary>
    /// A query string is text whatever the parameter's type (the document declares every one a string), so each gets the
    /// wrong text for every type at once. Long, but within Kestrel's 8 KiB request line, past which it answers 414 itself.
    /// </summary>
    private static IEnumerable<JsonNode?> BadQueryValues() =>
    [
        "not-a-value", "-1", "2147483648", "-2147483649", "9223372036854775808", "1.5",
        "P10675199DT2H48M5.4775808S", "0001-01-01T00:00:00Z", new string('x', 4000),
    ];

    private static IEnumerable<JsonNode?> ExtremeQueryValues() =>
        ["", "0", "1", "2147483647", "9223372036854775807", "P3650D", "PT0S", "true", "ALL", "1970-01-01T00:00:00Z"];

    private static IEnumerable<JsonNode?> ExtremeValues(Kind kind, JsonObject schema) => kind switch
    {
        Kind.Text => ["", new string('x', schema["maxLength"]?.GetValue<int>() ?? Limits.ShortText)],
        Kind.Timestamp => ["1970-01-01T00:00:00Z", "1970-01-01T00:00:00+00:00"],
        Kind.Int32 => [0, int.MaxValue],
        Kind.Int64 => [0, long.MaxValue],
        Kind.Array => [new JsonArray()],
        // Enum values are read regardless of case ("STAFF" is staff): a client's capitals are not a mistake worth a 400.
        Kind.Enum => [schema["enum"]?.AsArray().FirstOrDefault()?.GetValue<string>().ToUpperInvariant()],
        _ => [],
    };

    private IEnumerable<(string Name, string In, JsonObject Schema)> Parameters(JsonObject operation) =>
        (operation["parameters"] as JsonArray ?? [])
        .Select(p => Resolve(p))
        .Where(p => p["in"]?.GetValue<string>() is "path" or "query")
        .Select(p => (p["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(), Resolve(p["schema"])));

    private IEnumerable<(string Name, JsonObject Schema)> Properties(JsonObject schema) =>
        (schema["properties"] as JsonObject ?? []).Select(p => (p.Key, Resolve(p.Value)));

    private JsonObject Resolve(JsonNode? node)
    {
        var schema = node as JsonObject ?? [];
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            JsonNode? target = document;
            foreach (var segment in reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries)) target = target?[segment];
            return Resolve(target);
        }
        foreach (var combinator in new[] { "oneOf", "anyOf" })
            if (schema[combinator] is JsonArray branches
                && branches.Select(Resolve).FirstOrDefault(b => Types(b).Any() || b["enum"] is not null || b["properties"] is not null) is { } branch)
                return branch;
        return schema;
    }

    private static string[] Types(JsonObject schema) => (schema["type"] switch
    {
        JsonValue one => [one.GetValue<string>()],
        JsonArray many => many.Select(t => t!.GetValue<string>()).ToArray(),
        _ => Array.Empty<string>(),
    }).Where(t => t != "null").ToArray();

    private static Kind KindOf(JsonObject schema, string name)
    {
        var types = Types(schema);
        return schema["format"]?.GetValue<string>() switch
        {
            "date-time" => Kind.Timestamp,
            "duration" => Kind.Duration,
            "uuid" => Kind.Uuid,
            "int32" => Kind.Int32,
            "int64" => Kind.Int64,
            _ when schema["enum"] is not null => Kind.Enum,
            _ when types.Contains("integer") => Kind.Int64,
            _ when types.Contains("number") => Kind.Number,
            _ when types.Contains("boolean") => Kind.Boolean,
            _ when types.Contains("array") => Kind.Array,
            _ when types.Contains("object") || schema["properties"] is not null => Kind.Object,
            _ when types.Contains("string") => Kind.Text,
            _ => name.EndsWith("At", StringComparison.Ordinal) ? Kind.Timestamp : Kind.Text,
        };
    }

    private static JsonNode Number(string literal) => JsonNode.Parse(literal)!;
}
