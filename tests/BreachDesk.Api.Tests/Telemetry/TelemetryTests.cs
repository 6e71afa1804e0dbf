using System.Diagnostics;
using System.Net.Http.Json;
using BreachDesk.Infrastructure.Telemetry;
using BreachDesk.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Telemetry;

/// <summary>The real OpenTelemetry SDK in the running service, exporting to memory instead of OTLP.</summary>
[Collection(TelemetryCollection.Name)]
public class TelemetryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Requests_produce_spans_for_http_npgsql_marten_and_wolverine_and_our_meter_reports_incidents_and_notice_times()
    {
        var spans = new LockedList<Activity>();
        var metrics = new LockedList<MetricSnapshot>();
        await using var receiver = await JsonReceiver.StartAsync();
        await using var service = await RunningService.StartAsync(await TestDatabase.CreateAsync(), builder =>
        {
            // An alert target, so that the late incident's escalation is delivered by a Wolverine handler.
            builder.Configuration["BreachDesk:Escalation:Targets:oncall-primary:0:Channel"] = "webhook";
            builder.Configuration["BreachDesk:Escalation:Targets:oncall-primary:0:Url"] = receiver.BaseUrl + "/hook";
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
            builder.Services.ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics));
        }, $"{TelemetryConfiguration.CollectKey}=true");
        // Personal data that must never reach a span or a metric.
        var title = $"Payroll of Jane Roe {Guid.NewGuid():N}";
        var description = $"Salaries of 40 named employees {Guid.NewGuid():N}";

        var told = await IncidentClient.Reported(service, new { title, description, discoveredAt = Iso(HoursAgo(1)) });
        await told.Do("dpo-notification", new { notifiedAt = Iso(DateTimeOffset.UtcNow.AddMinutes(-1)), channel = "email", howItOccurred = "h", likelyImpact = "i" });
        await told.Do("regulator-notification", new { submittedAt = Iso(DateTimeOffset.UtcNow.AddMinutes(-1)), regulator = "ICO", reference = "ICO-1" });
        // Occurred 8 hours ago: its 6-hour DPO deadline has passed without a notice.
        await IncidentClient.Reported(service, ReportBody(discoveredAt: HoursAgo(7), occurredAt: HoursAgo(8)));

        var meterProvider = service.Services.GetRequiredService<MeterProvider>();
        var first = Collect(meterProvider, metrics);
        Assert.Equal(2, Gauge(first, "breachdesk.incidents.open"));
        Assert.Equal(0, Gauge(first, "breachdesk.deadlines.pending", "dpo"));
        Assert.Equal(1, Gauge(first, "breachdesk.deadlines.missed", "dpo"));
        Assert.Equal(1, Gauge(first, "breachdesk.deadlines.pending", "regulator"));
        Assert.Equal(0, Gauge(first, "breachdesk.deadlines.missed", "regulator"));

        // The notice times are recorded as the commands commit; the alert is delivered a moment later.
        var deadline = DateTime.UtcNow + Patience;
        var snapshot = first;
        while ((HistogramCount(snapshot, "breachdesk.incident.report_to_dpo_notice") == 0
                || HistogramCount(snapshot, "breachdesk.incident.report_to_regulator_notice") == 0 || receiver.Received.IsEmpty) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            snapshot = Collect(meterProvider, metrics);
        }
        Assert.Equal(1, HistogramCount(snapshot, "breachdesk.incident.report_to_dpo_notice"));
        Assert.Equal(1, HistogramCount(snapshot, "breachdesk.incident.report_to_regulator_notice"));
        Assert.Contains(snapshot, m => m.MeterName == "Marten");
        Assert.Contains(snapshot, m => m.MeterName.StartsWith("Wolverine", StringComparison.Ordinal));
        Assert.Contains(snapshot, m => m.MeterName == "Npgsql");
        Assert.Contains(snapshot, m => m.Name == "http.server.request.duration");

        service.Services.GetRequiredService<TracerProvider>().ForceFlush();
        var all = spans.Snapshot();
        var reports = all.Where(s => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore"
                                     && s.GetTagItem("http.route") as string == "/api/incidents"
                                     && s.GetTagItem("http.request.method") as string == "POST"
                                     && s.GetTagItem("http.response.status_code") is 201).ToList();
        Assert.NotEmpty(reports);
        Assert.Contains(reports, r => SameTraceAs(all, r).Any(c => c.Source.Name == "Npgsql" && c.Kind == ActivityKind.Client));
        Assert.Contains(reports, r => SameTraceAs(all, r).Any(c => c.Source.Name == "Marten"));
        // The escalation sweep's alert is delivered by Wolverine's handler, in a span of its own.
        Assert.Contains(all, s => s.Source.Name == "Wolverine"
                                  && s.GetTagItem("message.handler") as string == typeof(BreachDesk.Escalating.Alerts.DeliverAlertHandler).FullName);

        foreach (var span in all)
        foreach (var (key, value) in span.TagObjects)
        {
            var text = value?.ToString() ?? "";
            Assert.False(text.Contains(title) || text.Contains(description), $"span {span.DisplayName} tag {key} holds personal data: {text}");
        }
        foreach (var metric in snapshot)
        foreach (var point in metric.MetricPoints)
        foreach (var tag in point.Tags)
            Assert.False($"{tag.Value}".Contains(title) || $"{tag.Value}".Contains(description), $"metric {metric.Name} tag {tag.Key}");
    }

    [Fact]
    public async Task Without_an_exporter_nothing_listens_so_no_span_or_measurement_is_made_and_reports_still_work()
    {
        await using var service = await RunningService.StartAsync(await TestDatabase.CreateAsync());

        // No provider, so no ActivityListener or MeterListener of the SDK: the libraries' sources start no spans.
        Assert.Null(service.Services.GetService<TracerProvider>());
        Assert.Null(service.Services.GetService<MeterProvider>());
        var told = await IncidentClient.Reported(service, ReportBody());
        // A notice's time is measured from the view the command answers with (decision 0029), listened to or not.
        await told.Do("dpo-notification", new { notifiedAt = Iso(DateTimeOffset.UtcNow.AddMinutes(-1)), channel = "email", howItOccurred = "h", likelyImpact = "i" });
    }

    private static IEnumerable<Activity> SameTraceAs(IReadOnlyList<Activity> all, Activity span) =>
        all.Where(c => c.TraceId == span.TraceId && c.SpanId != span.SpanId);

    private static List<MetricSnapshot> Collect(MeterProvider provider, LockedList<MetricSnapshot> exported)
    {
        exported.Clear();
        provider.ForceFlush();
        return exported.Snapshot();
    }

    private static long Gauge(List<MetricSnapshot> snapshot, string name, string? deadline = null)
    {
        var points = snapshot.Where(m => m.Name == name).SelectMany(m => m.MetricPoints)
            .Where(p => deadline is null || Tags(p).Contains(("deadline", deadline))).ToList();
        Assert.True(points.Count > 0, $"No measurement of {name} {deadline}");
        return points.Max(p => p.GetGaugeLastValueLong());
    }

    private static long HistogramCount(List<MetricSnapshot> snapshot, string name) =>
        snapshot.Where(m => m.Name == name).SelectMany(m => m.MetricPoints).Sum(p => p.GetHistogramCount());

    private static List<(string, string?)> Tags(MetricPoint point)
    {
        var tags = new List<(string, string?)>();
        foreach (var tag in point.Tags) tags.Add((tag.Key, tag.Value?.ToString()));
        return tags;
    }
}

/// <summary>The exporters add from their own threads while the test reads.</summary>
public sealed class LockedList<T> : ICollection<T>
{
    private readonly List<T> _items = [];
    public int Count { get { lock (_items) return _items.Count; } }
    public bool IsReadOnly => false;
    public void Add(T item) { lock (_items) _items.Add(item); }
    public void Clear() { lock (_items) _items.Clear(); }
    public bool Contains(T item) { lock (_items) return _items.Contains(item); }
    public void CopyTo(T[] array, int index) { lock (_items) _items.CopyTo(array, index); }
    public bool Remove(T item) { lock (_items) return _items.Remove(item); }
    public List<T> Snapshot() { lock (_items) return [.. _items]; }
    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// Meters are process-wide by name: while other test classes run their own services in this process, their incidents
/// would count in these gauges and histograms too. This collection runs alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry (runs alone)";
}
