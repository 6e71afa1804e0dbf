using JasperFx.OpenTelemetry;
using Marten;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BreachDesk.Infrastructure.Telemetry;

/// <summary>
/// OpenTelemetry traces and metrics: HTTP in and out, Npgsql, Marten, Wolverine and our own meter, exported over OTLP
/// when an endpoint is configured. Without one nothing is collected: no tracer or meter provider listens, so the
/// libraries start no spans and record no measurements that nobody would export (a span per request, per Npgsql
/// command and per Marten connection, each with its tags; decision 0031). <see cref="CollectKey"/> collects them
/// anyway, for an exporter added in code (the telemetry tests' in-memory one). Our meter's instruments exist either
/// way, so dotnet-counters and any other listener in the process still see them.
/// </summary>
public static class TelemetryConfiguration
{
    public const string ServiceName = "breachdesk";
    public const string OtlpEndpointKey = "BreachDesk:Telemetry:OtlpEndpoint";
    public const string StandardOtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string CollectKey = "BreachDesk:Telemetry:Collect";

    /// <summary>Activity sources (traces) beside the instrumentation libraries'.</summary>
    public static readonly string[] Sources = ["Marten", "Wolverine"];

    /// <summary>Meters; Wolverine names its meter after the service ("Wolverine:breachdesk"), hence the wildcard.</summary>
    public static readonly string[] Meters = ["Marten", "Wolverine*", BreachDeskMetrics.MeterName];

    public static void AddBreachDeskTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BreachDeskMetrics>();

        // Our key wins over the standard variable; the exporter reads the rest (protocol, headers) from OTEL_* variables.
        var endpoint = builder.Configuration[OtlpEndpointKey];
        if (!string.IsNullOrWhiteSpace(endpoint)) builder.Configuration[StandardOtlpEndpointKey] = endpoint;
        var exports = !string.IsNullOrWhiteSpace(builder.Configuration[StandardOtlpEndpointKey]);
        var collects = exports || builder.Configuration.GetValue<bool>(CollectKey);

        builder.Services.ConfigureMarten((services, options) =>
        {
            if (!collects) return;
            // A span per connection Marten opens (its commands inside), and counters of events appended.
            options.OpenTelemetry.TrackConnections = TrackLevel.Normal;
            options.OpenTelemetry.TrackEventCounters();
        });
        if (!collects) return;

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing => tracing
                // Probes every few seconds would drown the traces that matter.
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource(Sources))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(Meters)
                // Resolving the instruments here creates them as the meter provider starts.
                .AddInstrumentation(services => services.GetRequiredService<BreachDeskMetrics>()));
        if (exports) telemetry.UseOtlpExporter();
    }
}
