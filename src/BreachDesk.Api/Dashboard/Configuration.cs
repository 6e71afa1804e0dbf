using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Database;
using BreachDesk.Infrastructure.Http;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.FileProviders;

namespace BreachDesk.Dashboard;

/// <summary>
/// The DPO's dashboard: plain static files (wwwroot) that call the API with the caller's own credentials, and one
/// server-sent events stream that tells open dashboards when an incident changed.
/// </summary>
public static class DashboardConfiguration
{
    public const string EventsRoute = "/api/dashboard/events";

    /// <summary>How to sign in; anonymous, so outside /api where every route needs a caller.</summary>
    public const string SettingsRoute = "/dashboard/config.json";

    public static void AddDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IncidentChangeBroadcaster>();
        builder.Services.AddHostedService<IncidentChangeListener>();
        builder.Services.ConfigureMarten(options =>
            options.Storage.Add(new IncidentChangeNotifications.Storage(options, MartenConfiguration.Schema)));
    }

    /// <summary>
    /// Before routing and authentication: the files hold no data (everything comes from the API, which checks roles),
    /// so they are served to anyone, with the security headers and CSP set earlier in the pipeline.
    /// </summary>
    public static void UseDashboard(this WebApplication app)
    {
        // Beside the assembly, like the draft templates: the same folder in `dotnet run`, tests and a published image,
        // whichever process (a test runner) started the service.
        var files = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot"));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseMiddleware<PrecompressedFiles>(files);
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, OnPrepareResponse = PrecompressedFiles.LabelCompressedCopy });

        app.MapGet(SettingsRoute, DashboardSettings.Get)
            .AllowAnonymous()
            // The dashboard's own plumbing, not part of the API contract.
            .ExcludeFromDescription();

        app.MapGet(EventsRoute, DashboardEvents.Stream)
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.AnyRole })
            // A stream stays open for as long as the dashboard does; the 30 s request limit would cut it.
            .DisableRequestTimeout()
            .WithSummary("Server-sent events: an 'incident-changed' notice (the incident's id) whenever an incident's events are committed.");
    }
}
