using BreachDesk.Infrastructure.Health;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BreachDesk.Infrastructure.Http;

/// <summary>
/// The OpenAPI document at /openapi/v1.json, and in Development an interactive page at /api-docs where the
/// "Authorize" button takes a development key. Outside Development the document needs authentication like
/// every other route, and there is no interactive page. The document must be exactly true: the conformance test
/// (tests/.../Operations/OpenApiConformanceTests) checks every real response against it, and redocly lints it.
/// </summary>
public static class ApiDocumentation
{
    /// <summary>One line per use-case folder, the tag of its operations (the linter asks each tag for a description).</summary>
    private static readonly Dictionary<string, string> Modules = new()
    {
        ["Reporting"] = "Report a breach: the first fact of an incident.",
        ["Listing"] = "Find incidents.",
        ["GettingDetails"] = "One incident with its deadlines, evaluated now.",
        ["Timeline"] = "What happened to an incident, in order, in words.",
        ["Revising"] = "Correct when the breach occurred; the deadlines follow.",
        ["Notifying"] = "Record who was told: the DPO, the regulator, data subjects, third parties.",
        ["Containing"] = "Record what was done to contain the breach.",
        ["Assessing"] = "The impact (with the ENISA suggested risk) and the DPO's risk assessment.",
        ["Closing"] = "Close an incident, or reopen it.",
        ["CaseWork"] = "Who owns an incident, its tasks, and notes for the record.",
        ["Evidence"] = "Files kept as evidence, their digests and chain of custody.",
        ["Drafting"] = "The notices BreachDesk drafts from the facts on record.",
        ["Board"] = "The running deadlines, soonest first.",
        ["Escalating"] = "Alerts raised when a clock runs short, their acknowledgement and undelivered alerts.",
        ["Register"] = "The breach register of Art. 33(5), as JSON pages or CSV.",
        ["Insights"] = "Figures over time: breaches per month by source and data category, time to notify, share on time; the annual report.",
        ["Auditing"] = "The raw event stream and its hash chain.",
        ["Dashboard"] = "The dashboard's live notices, and who is signed in with which roles.",
        ["Health"] = "Liveness and readiness, for load balancers and orchestrators.",
    };

    public static void AddApiDocumentation(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddSchemaTransformer(ApiSchemaConventions.TransformAsync);
            options.AddOperationTransformer(ApiResponseConventions.TransformAsync);
            options.AddDocumentTransformer((document, _, _) =>
            {
                Describe(document);
                return Task.CompletedTask;
            });
        });

    private static void Describe(OpenApiDocument document)
    {
        document.Info.Title = "BreachDesk API";
        document.Info.Version = "v1";
        // Relative to wherever the document was fetched from: copying the request's Host header would let any caller
        // write the address that the interactive page and generated clients then send keys to.
        document.Servers = [new OpenApiServer { Url = "/" }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "A service account's key; in development dev-reporter, dev-dpo, dev-oncall, dev-auditor or dev-admin.",
        };
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "An access token from the organisation's OpenID Connect provider (when BreachDesk:Auth:Oidc is configured).",
        };
        document.Security ??= [];
        // Either scheme will do: two requirements, not one requirement naming both.
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", document)] = [] });
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });

        HealthDocumentation.Describe(document);
        ApiSchemaConventions.DescribeProblems(document);
        ApiSchemaConventions.NullableAsAnyOf(document);
        // Wolverine's guess for endpoints returning IResult, dropped from every operation by ApiResponseConventions.
        document.Components.Schemas?.Remove("IResult");
        // Wolverine's default tags (the endpoint class's full name) are replaced by the module's (ApiResponseConventions).
        var used = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Tags?.AsEnumerable() ?? []).Select(t => t.Name).ToHashSet();
        document.Tags = Modules.Where(m => used.Contains(m.Key)).Select(m => new OpenApiTag { Name = m.Key, Description = m.Value }).ToHashSet();
        // A tag without a description (a new module) still appears, and the linter asks for one.
        foreach (var name in used.Where(n => n is not null && !Modules.ContainsKey(n))) document.Tags.Add(new OpenApiTag { Name = name });
    }

    /// <summary>The interactive page is static files: it must come before authorization, whose fallback policy would refuse them.</summary>
    public static void UseApiDocumentationPage(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) return;
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/openapi/v1.json", "BreachDesk v1");
            options.RoutePrefix = "api-docs";
        });
    }

    public static void MapApiDocumentation(this WebApplication app)
    {
        var document = app.MapOpenApi("/openapi/{documentName}.json");
        if (app.Environment.IsDevelopment()) document.AllowAnonymous();
    }
}
