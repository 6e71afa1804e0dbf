using BreachDesk.Auditing;
using BreachDesk.Board;
using BreachDesk.Dashboard;
using BreachDesk.Drafting;
using BreachDesk.Escalating;
using BreachDesk.Evidence;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.CommandLine;
using BreachDesk.Infrastructure.Database;
using BreachDesk.Infrastructure.Health;
using BreachDesk.Infrastructure.Http;
using BreachDesk.Infrastructure.Limits;
using BreachDesk.Infrastructure.Telemetry;
using BreachDesk.Insights;
using BreachDesk.Listing;
using BreachDesk.Notifying;
using BreachDesk.Reporting;
using BreachDesk.Searching;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Wolverine;
using Wolverine.Http;

namespace BreachDesk;

/// <summary>
/// The composition root. Tests build the same application with <see cref="Create"/>, on a real socket,
/// adjusting services through <paramref name="configure"/> (a fake clock, solo mode).
/// </summary>
public static class BreachDeskApp
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 1024 * 1024);
        builder.Services.AddProblemDetails();
        builder.Services.AddApiDocumentation();
        builder.Services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services => DashboardLinks.From(services.GetRequiredService<IConfiguration>()));

        builder.AddBreachDeskIdentity();
        builder.AddAbuseLimits();
        builder.AddBreachDeskStore(rebuilding: ProjectionRebuild.IsRequestedBy(args));
        builder.AddIncidents();
        builder.AddReporting();
        builder.AddNotifying();
        builder.AddEvidence();
        builder.AddDatabaseLifecycle();
        builder.AddBreachDeskTelemetry();
        builder.AddAuditTrail();
        builder.AddDeadlineBoard();
        builder.AddIncidentListing();
        builder.AddIncidentSearch();
        builder.AddInsights();
        builder.AddEscalation();
        builder.AddDrafting();
        builder.AddDashboard();
        builder.Services.AddHealthChecks().AddCheck<DatabaseReadiness>("database", tags: ["ready"]);

        builder.Host.UseWolverine(options =>
        {
            // Discover handlers and endpoints here, not in whichever assembly started the process (a test runner).
            options.ApplicationAssembly = typeof(BreachDeskApp).Assembly;
            // Outside Development, the handler code committed under Internal/Generated: no Roslyn in the process.
            options.UsePreGeneratedCode(builder.Environment);
            options.Policies.AutoApplyTransactions();
            // Local queues persist their messages in PostgreSQL: a scheduled escalation survives a restart.
            options.Policies.UseDurableLocalQueues();
            // Each handler of an event (escalation, drafting...) runs and fails on its own.
            options.MultipleHandlerBehavior = MultipleHandlerBehavior.Separated;
        });
        builder.Services.AddWolverineHttp();

        configure?.Invoke(builder);

        var app = builder.Build();
        // Read now: a wrong BreachDesk:PublicUrl stops the start, instead of failing the first alert at 3 a.m.
        app.Services.GetRequiredService<DashboardLinks>();
        app.UseSecurityHeaders();
        app.UseMiddleware<HeadAsGet>();
        app.UseDashboard();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseApiDocumentationPage();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAbuseLimits();
        app.UseMiddleware<JsonBodyValidation>();

        app.MapHealthChecks(HealthDocumentation.Live, new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks(HealthDocumentation.Ready, new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        app.MapApiDocumentation();
        // Wolverine.Http shares ASP.NET Core's JSON options, configured above.
        app.MapWolverineEndpoints(http => http.AddPolicy<WritesRunToCompletion>());

        app.Lifetime.ApplicationStarted.Register(() => PrintWhereToFind(app));
        return app;
    }

    private static void PrintWhereToFind(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            Console.WriteLine($"BreachDesk is listening on {address}");
            Console.WriteLine($"  Dashboard: {address}/");
            Console.WriteLine($"  API:      {address}/api/incidents   (header X-Api-Key)");
            Console.WriteLine($"  OpenAPI:  {address}/openapi/v1.json");
            Console.WriteLine($"  Health:   {address}/health/live  {address}/health/ready");
        }
    }
}
