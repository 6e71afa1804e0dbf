using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BreachDesk.Infrastructure.Http;

/// <summary>
/// What every operation can answer because of the pipeline it runs in, not its own code: written here once, from each
/// endpoint's metadata, so that an endpoint added later is described truthfully without anyone remembering to.
/// 401 without a caller, 403 when the route names roles, 400 and 415 where a JSON body is read
/// (<see cref="JsonBodyValidation"/>, routing's content-type check), 429 on writes (WriteRateLimit), 504 on reads under
/// the request time limit; every error is an RFC 9457 problem; text responses (Markdown, HTML, CSV, server-sent events)
/// are strings, whatever type the endpoint declared for its JSON form.
/// </summary>
public static class ApiResponseConventions
{
    public const string ProblemContentType = "application/problem+json";

    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var document = context.Document!;
        operation.Responses ??= new OpenApiResponses();

        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var roles = metadata.OfType<IAuthorizeData>().SelectMany(a => (a.Roles ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Distinct().ToArray();
        var readsJsonBody = metadata.OfType<IAcceptsMetadata>().Any(a => a.RequestType is not null);
        var isRead = HttpMethods.IsGet(description.HttpMethod ?? "");
        var timeLimited = isRead && !metadata.OfType<DisableRequestTimeoutAttribute>().Any();
        var hasRouteValues = description.ParameterDescriptions.Any(p => p.Source.Id == "Path");

        DropGuesses(operation, hasRouteValues);

        if (readsJsonBody) Add(operation, document, StatusCodes.Status400BadRequest, "The body (or a query value) is not valid; 'errors' names each field.");
        if (!anonymous) Add(operation, document, StatusCodes.Status401Unauthorized, "No valid X-Api-Key or bearer token.");
        if (!anonymous && roles.Length > 0) Add(operation, document, StatusCodes.Status403Forbidden, "The caller's roles may not do this.");
        if (readsJsonBody) Add(operation, document, StatusCodes.Status415UnsupportedMediaType, "The body is sent with a Content-Type other than JSON.");
        if (!anonymous && !isRead) Add(operation, document, StatusCodes.Status429TooManyRequests, "The caller has used its writes for this minute; see Retry-After.");
        if (timeLimited) Add(operation, document, StatusCodes.Status504GatewayTimeout, "The read ran past BreachDesk:Http:RequestTimeoutSeconds and was cancelled.");

        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete) continue;
            if (int.TryParse(status, out var code) && code >= 400) concrete.Content = ProblemContent(document, code);
            else TextIsString(concrete);
        }

        Name(operation, description.HttpMethod ?? "GET", description.RelativePath ?? "");
        if (roles.Length > 0)
            operation.Description = $"Roles: {string.Join(", ", roles)}.";
        if (Module(description.ActionDescriptor) is { } module)
            operation.Tags = new HashSet<OpenApiTagReference> { new(module, document) };
        return Task.CompletedTask;
    }

    /// <summary>
    /// Wolverine.Http assumes a 404 without a body on every route and a 200 "IResult" on every endpoint returning one.
    /// Our 404s are problems, and only routes that address something by id can send one; an IResult is never a body.
    /// </summary>
    private static void DropGuesses(OpenApiOperation operation, bool hasRouteValues)
    {
        var responses = operation.Responses!;
        if (!hasRouteValues) responses.Remove("404");
        foreach (var (status, response) in responses.ToList())
            if (response.Content?.Values.Any(m => m.Schema is OpenApiSchemaReference { Reference.Id: "IResult" }) == true)
                responses.Remove(status);
    }

    private static void Add(OpenApiOperation operation, OpenApiDocument document, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key)) return;
        operation.Responses[key] = new OpenApiResponse { Description = description, Content = ProblemContent(document, status) };
    }

    /// <summary>Every error the service sends is a problem; a 400 is a validation problem with 'errors'.</summary>
    private static Dictionary<string, OpenApiMediaType> ProblemContent(OpenApiDocument document, int status) => new()
    {
        [ProblemContentType] = new OpenApiMediaType
        {
            Schema = new OpenApiSchemaReference(status == StatusCodes.Status400BadRequest ? ApiSchemaConventions.ValidationProblem : ApiSchemaConventions.Problem, document),
        },
    };

    private static void TextIsString(OpenApiResponse response)
    {
        foreach (var (contentType, media) in response.Content ?? new Dictionary<string, OpenApiMediaType>())
            if (contentType.StartsWith("text/", StringComparison.Ordinal))
                media.Schema = new OpenApiSchema { Type = JsonSchemaType.String };
    }

    /// <summary>
    /// Wolverine names its operations "GET_api_incidents_id"; a minimal-API route gets the same kind of name, so that
    /// every operation has one. Wolverine also repeats the name as the description, which says nothing.
    /// </summary>
    private static void Name(OpenApiOperation operation, string method, string path)
    {
        operation.OperationId ??= OperationId(method, path);
        if (operation.Description == operation.OperationId) operation.Description = null;
    }

    public static string OperationId(string method, string path) =>
        $"{method.ToUpperInvariant()}_{path.Trim('/').Replace("{", "").Replace("}", "").Replace('/', '_').Replace('-', '_')}";

    /// <summary>The use-case folder the endpoint lives in (BreachDesk.Drafting.DraftEndpoints: "Drafting").</summary>
    private static string? Module(Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor action)
    {
        var method = (action as ControllerActionDescriptor)?.MethodInfo ?? action.EndpointMetadata.OfType<MethodInfo>().FirstOrDefault();
        var segments = method?.DeclaringType?.Namespace?.Split('.');
        return segments is [_, var module, ..] ? module : null;
    }
}
