using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Json.Schema;

namespace BreachDesk.Tests.OpenApi;

/// <summary>One documented operation: where it is, its parameters and body, and the responses it promises.</summary>
public sealed record DocumentedOperation(string Id, string Method, string Path, JsonObject Node)
{
    public IEnumerable<string> Statuses => Node["responses"]!.AsObject().Select(r => r.Key);

    public IEnumerable<string> QueryParameters =>
        (Node["parameters"]?.AsArray() ?? []).Where(p => (string?)p!["in"] == "query").Select(p => (string)p!["name"]!);

    public bool HasJsonBody => Node["requestBody"]?["content"]?["application/json"] is not null;

    public override string ToString() => $"{Method} {Path} ({Id})";
}

/// <summary>
/// The served /openapi/v1.json, and a validator of real responses against it: status documented, content type
/// documented for that status, body valid against that content's schema (JSON Schema draft 2020-12, every
/// <c>#/components/schemas/X</c> resolved into the document's components).
/// </summary>
public sealed class OpenApiDocument(JsonObject root)
{
    private static readonly EvaluationOptions Options = new() { EvaluateAs = SpecVersion.Draft202012, OutputFormat = OutputFormat.List };
    private readonly Dictionary<string, JsonSchema> _compiled = [];

    public JsonObject Root { get; } = root;

    public IReadOnlyList<DocumentedOperation> Operations { get; } = root["paths"]!.AsObject()
        .SelectMany(path => path.Value!.AsObject()
            .Where(op => op.Key is "get" or "post" or "put" or "patch" or "delete" or "head")
            .Select(op => new DocumentedOperation((string)op.Value!["operationId"]!, op.Key.ToUpperInvariant(), path.Key, op.Value!.AsObject())))
        .ToList();

    public DocumentedOperation Operation(string id) => Operations.Single(o => o.Id == id);

    /// <summary>The failures of one real response, each naming the operation, the status and what did not hold; none when it conforms.</summary>
    public IEnumerable<string> Check(DocumentedOperation operation, int status, MediaTypeHeaderValue? contentType, string body)
    {
        var where = $"{operation} {status}";
        if (operation.Node["responses"]?[status.ToString()] is not JsonObject response)
        {
            yield return $"{where}: status {status} is not documented (documented: {string.Join(", ", operation.Statuses)}). Body: {Clip(body)}";
            yield break;
        }
        if (response["content"] is not JsonObject content || content.Count == 0)
        {
            if (body.Length > 0) yield return $"{where}: documented without a body, but sent {contentType}: {Clip(body)}";
            yield break;
        }
        var mediaType = contentType?.MediaType;
        if (mediaType is null || content[mediaType] is not JsonObject media)
        {
            yield return $"{where}: content type '{mediaType}' is not documented (documented: {string.Join(", ", content.Select(c => c.Key))}).";
            yield break;
        }

        var isJson = mediaType.EndsWith("json", StringComparison.Ordinal);
        var instance = isJson ? ParseOrNull(body) : JsonValue.Create(body);
        if (isJson && instance is null)
        {
            yield return $"{where} {mediaType}: the body is not JSON: {Clip(body)}";
            yield break;
        }

        var results = Schema($"{operation.Id} {status} {mediaType}", media["schema"]).Evaluate(instance, Options);
        if (results.IsValid) yield break;
        foreach (var detail in results.Details.Where(d => d is { IsValid: false, HasErrors: true }))
            foreach (var (keyword, message) in detail.Errors!)
                yield return $"{where} {mediaType}: at '{detail.InstanceLocation}' the schema's '{detail.EvaluationPath}' ({keyword}) says: {message}. Body: {Clip(body)}";
    }

    /// <summary>The content's schema as the root of a schema whose $defs are the components, with every $ref pointed there.</summary>
    private JsonSchema Schema(string key, JsonNode? schema)
    {
        if (_compiled.TryGetValue(key, out var compiled)) return compiled;
        var defs = Root["components"]?["schemas"]?.ToJsonString() ?? "{}";
        var target = schema?.ToJsonString() ?? "{}";
        var text = $$"""{"$schema":"https://json-schema.org/draft/2020-12/schema","$defs":{{defs}},"allOf":[{{target}}]}"""
            .Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal);
        return _compiled[key] = JsonSchema.FromText(text);
    }

    private static JsonNode? ParseOrNull(string body)
    {
        try { return JsonNode.Parse(body); }
        catch (System.Text.Json.JsonException) { return null; }
    }

    private static string Clip(string body) => body.Length <= 400 ? body : body[..400] + "…";
}
