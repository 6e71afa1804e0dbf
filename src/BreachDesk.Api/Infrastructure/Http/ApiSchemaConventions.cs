using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BreachDesk.Infrastructure.Http;

/// <summary>
/// Where the generated schemas and what the service really sends or accepts part, mended once for every type.
/// </summary>
public static class ApiSchemaConventions
{
    public const string Problem = "ProblemDetails";
    public const string ValidationProblem = "HttpValidationProblemDetails";

    /// <summary>
    /// Timestamps go through <see cref="StrictDateTimeOffsetConverter"/>, which hides from the generator that they are
    /// strings (it wrote <c>{ format: date-time }</c>, or <c>{}</c> when nullable).
    /// </summary>
    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        var type = context.JsonTypeInfo.Type;
        if ((Nullable.GetUnderlyingType(type) ?? type) != typeof(DateTimeOffset)) return Task.CompletedTask;
        schema.Type = Nullable.GetUnderlyingType(type) is null ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
        schema.Format = "date-time";
        return Task.CompletedTask;
    }

    /// <summary>
    /// The problem bodies as ASP.NET Core writes them (RFC 9457): always title and status. Usually also type and the
    /// traceId to quote to an operator, but not always (the conformance test found both cases): a status ASP.NET Core
    /// has no default type for (429) has none, which the RFC reads as "about:blank"; a problem answering an Accept
    /// header that excludes JSON (406) is written without the traceId. Other members are allowed: the RFC lets a problem
    /// type add extension members, and clients must ignore those they do not know.
    /// </summary>
    public static void DescribeProblems(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[Problem] = ProblemSchema(withErrors: false);
        document.Components.Schemas[ValidationProblem] = ProblemSchema(withErrors: true);
    }

    private static OpenApiSchema ProblemSchema(bool withErrors)
    {
        var properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI naming the kind of problem; absent means about:blank." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What happened and what to do, in words." },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The W3C trace id of the request, to find it in the logs (absent only on a 406)." },
        };
        var required = new HashSet<string> { "title", "status" };
        if (withErrors)
        {
            properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Field name (or 'body') to the messages about it.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
            required.Add("errors");
        }
        return new OpenApiSchema { Type = JsonSchemaType.Object, Properties = properties, Required = required };
    }

    /// <summary>
    /// The generator writes a nullable reference as <c>oneOf: [{type: null}, {$ref}]</c>. Where the referenced schema
    /// also accepts null (a JsonNode is any JSON value), a null matches both branches and fails <c>oneOf</c>; <c>anyOf</c>
    /// says the same thing and holds for every value.
    /// </summary>
    public static void NullableAsAnyOf(OpenApiDocument document)
    {
        var seen = new HashSet<IOpenApiSchema>(ReferenceEqualityComparer.Instance);
        foreach (var schema in document.Components?.Schemas?.Values ?? []) Visit(schema, seen);
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            foreach (var media in operation.RequestBody?.Content?.Values ?? []) Visit(media.Schema, seen);
            foreach (var media in operation.Responses?.Values.SelectMany(r => r.Content?.Values ?? []) ?? []) Visit(media.Schema, seen);
        }
    }

    private static void Visit(IOpenApiSchema? schema, HashSet<IOpenApiSchema> seen)
    {
        if (schema is not OpenApiSchema concrete || !seen.Add(concrete)) return;
        if (concrete.OneOf is { Count: 2 } branches && branches.Any(b => b is OpenApiSchema { Type: JsonSchemaType.Null }))
        {
            concrete.AnyOf = branches;
            concrete.OneOf = null;
        }
        foreach (var property in concrete.Properties?.Values ?? []) Visit(property, seen);
        foreach (var branch in (concrete.AnyOf ?? []).Concat(concrete.OneOf ?? []).Concat(concrete.AllOf ?? [])) Visit(branch, seen);
        Visit(concrete.Items, seen);
        Visit(concrete.AdditionalProperties, seen);
    }
}
