using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BreachDesk.Infrastructure.Http;

/// <summary>
/// The OpenAPI document at /openapi/v1.json, and in Development an interactive page at /api-docs where the
/// "Authorize" button takes a development key. Outside Development the document needs authentication like
/// every other route, and there is no interactive page.
/// </summary>
public static class ApiDocumentation
{
    public static void AddApiDocumentation(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "BreachDesk API";
            document.Info.Version = "v1";
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
            return Task.CompletedTask;
        }));

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
