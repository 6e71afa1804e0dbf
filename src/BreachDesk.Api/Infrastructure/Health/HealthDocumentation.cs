using BreachDesk.Infrastructure.Http;
using Microsoft.OpenApi;

namespace BreachDesk.Infrastructure.Health;

/// <summary>
/// /health/live and /health/ready in the OpenAPI document. Health-check endpoints are not minimal-API handlers, so the
/// generator does not see them; they are described here, beside the checks, as ASP.NET Core's health-check
/// middleware answers: plain text, 200 when healthy, 503 when a check fails. No caller is needed.
/// </summary>
public static class HealthDocumentation
{
    public const string Live = "/health/live";
    public const string Ready = "/health/ready";

    public static void Describe(OpenApiDocument document)
    {
        document.Paths[Live] = PathItem(Live, "Alive: the process answers. Checks nothing else, so a restart never waits on the database.", canFail: false);
        document.Paths[Ready] = PathItem(Ready, "Ready: the database answers (SELECT 1 within 3 s).", canFail: true);
    }

    private static OpenApiPathItem PathItem(string path, string summary, bool canFail)
    {
        var responses = new OpenApiResponses { ["200"] = Text("Healthy") };
        if (canFail) responses["503"] = Text("Unhealthy");
        var item = new OpenApiPathItem();
        item.AddOperation(HttpMethod.Get, new OpenApiOperation
        {
            OperationId = ApiResponseConventions.OperationId("GET", path),
            Summary = summary,
            Tags = new HashSet<OpenApiTagReference> { new("Health") },
            // Anonymous: an empty requirement overrides the document's API key / bearer requirements.
            Security = [new OpenApiSecurityRequirement()],
            Responses = responses,
        });
        return item;
    }

    private static OpenApiResponse Text(string body) => new()
    {
        Description = $"The text '{body}'.",
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["text/plain"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [System.Text.Json.Nodes.JsonValue.Create(body)!] } },
        },
    };
}
