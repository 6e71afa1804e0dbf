using JasperFx.OpenTelemetry;
using Marten;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BreachDesk.Infrastructure.Telemetry;

/// <summary>
/// OpenTelemetry traces and metrics: HTTP in and out, Npgsql, Marten, Wolverine and our own meter. Always
/// collected (cheap, and tests attach their own exporter); exported over OTLP only when an endpoint is configured.
/// </summary>
public static class TelemetryConfiguration
{
    public const string ServiceName = "breachdesk";
    public const string OtlpEndpointKey = "BreachDesk:Telemetry:OtlpEndpoint";
    public const string StandardOtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Activity sources (traces) beside the instrumentation libraries'.</summary>
    public static readonly string[] Sources = ["Marten", "Wolverine"];

    /// <summary>Meters; Wolverine names its meter after the service ("Wolverine:breachdesk"), hence the wildcard.</summary>
    public static readonly string[] Meters = ["Marten", "Wolverine*", BreachDeskMetrics.MeterName];

    public static void AddBreachDeskTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BreachDeskMetrics>();

        builder.Services.ConfigureMarten((services, options) =>
        {
            // A span per connection Marten opens (its commands inside), and counters of events appended.
            options.OpenTelemetry.TrackConnections = TrackLevel.Normal;
            options.OpenTelemetry.TrackEventCounters();
        });

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

        // Our key wins over the standard variable; the exporter reads the rest (protocol, headers) from OTEL_* variables.
        var endpoint = builder.Configuration[OtlpEndpointKey];
        if (!string.IsNullOrWhiteSpace(endpoint)) builder.Configuration[StandardOtlpEndpointKey] = endpoint;
        if (!string.IsNullOrWhiteSpace(builder.Configuration[StandardOtlpEndpointKey]))
            telemetry.UseOtlpExporter();
    }
}
