using System.Diagnostics.Metrics;

namespace BreachDesk.Infrastructure.Telemetry;

/// <summary>
/// The service's own instruments, on the meter <c>BreachDesk</c>. Gauges read cached counts of the incident view
/// (<see cref="IIncidentGauges"/>); histograms and counters are recorded by whoever sees the fact happen.
/// Tags carry only kinds (deadline, channel), never anything an incident says about people.
/// </summary>
public sealed class BreachDeskMetrics
{
    public const string MeterName = "BreachDesk";

    // Notices are due within hours (DPO: 6) or days (regulator: 72 hours); buckets in seconds fit both.
    private static readonly IReadOnlyList<double> NoticeDelayBuckets =
        [900, 1800, 3600, 7200, 14_400, 21_600, 43_200, 86_400, 172_800, 259_200, 604_800];

    private readonly Histogram<double> _reportToDpoNotice;
    private readonly Histogram<double> _reportToRegulatorNotice;
    private readonly Counter<long> _escalationsRaised;
    private readonly Counter<long> _escalationsDelivered;
    private readonly Counter<long> _escalationsDeadLettered;

    public BreachDeskMetrics(IMeterFactory meterFactory, IIncidentGauges counts)
    {
        var meter = meterFactory.Create(MeterName);

        meter.CreateObservableGauge("breachdesk.incidents.open",
            () => counts.Current() is { } c ? [new Measurement<long>(c.Open)] : Array.Empty<Measurement<long>>(),
            "{incident}", "Incidents that are not closed.");
        meter.CreateObservableGauge("breachdesk.deadlines.pending",
            () => counts.Current() is { } c
                ? [Deadline(c.DpoPending, "dpo"), Deadline(c.RegulatorPending, "regulator")]
                : Array.Empty<Measurement<long>>(),
            "{deadline}", "Deadlines of open incidents not met yet and not yet due.");
        meter.CreateObservableGauge("breachdesk.deadlines.missed",
            () => counts.Current() is { } c
                ? [Deadline(c.DpoMissed, "dpo"), Deadline(c.RegulatorMissed, "regulator")]
                : Array.Empty<Measurement<long>>(),
            "{deadline}", "Deadlines of open incidents past due and not met: someone must act now.");

        _reportToDpoNotice = meter.CreateHistogram("breachdesk.incident.report_to_dpo_notice", "s",
            "Time from reporting an incident to the first written notice to the DPO.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = NoticeDelayBuckets });
        _reportToRegulatorNotice = meter.CreateHistogram("breachdesk.incident.report_to_regulator_notice", "s",
            "Time from reporting an incident to its initial notification to the regulator.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = NoticeDelayBuckets });

        _escalationsRaised = meter.CreateCounter<long>("breachdesk.escalations.raised", "{escalation}",
            "Escalations raised at a deadline checkpoint.");
        _escalationsDelivered = meter.CreateCounter<long>("breachdesk.escalations.delivered", "{escalation}",
            "Escalation alerts a channel accepted.");
        _escalationsDeadLettered = meter.CreateCounter<long>("breachdesk.escalations.dead_lettered", "{escalation}",
            "Escalation alerts given up after every retry and moved to the dead-letter table.");
    }

    /// <summary>
    /// Whether anything listens to the notice times (an OpenTelemetry meter provider, dotnet-counters): measuring one
    /// reads the incident view back, a round trip not worth making for nobody.
    /// </summary>
    public bool NoticeTimesObserved => _reportToDpoNotice.Enabled || _reportToRegulatorNotice.Enabled;

    /// <summary>A notice given before the incident reached BreachDesk counts as immediate.</summary>
    public void ReportToDpoNotice(TimeSpan elapsed) => _reportToDpoNotice.Record(Math.Max(0, elapsed.TotalSeconds));

    public void ReportToRegulatorNotice(TimeSpan elapsed) => _reportToRegulatorNotice.Record(Math.Max(0, elapsed.TotalSeconds));

    /// <param name="deadline"><c>dpo</c> or <c>regulator</c>.</param>
    public void EscalationRaised(string deadline) =>
        _escalationsRaised.Add(1, new KeyValuePair<string, object?>("deadline", deadline));

    /// <param name="channel">The kind of channel (<c>webhook</c>, <c>slack</c>, <c>pagerduty</c>, <c>email</c>), never its address.</param>
    public void EscalationDelivered(string channel) =>
        _escalationsDelivered.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void EscalationDeadLettered(string channel) =>
        _escalationsDeadLettered.Add(1, new KeyValuePair<string, object?>("channel", channel));

    private static Measurement<long> Deadline(long value, string deadline) =>
        new(value, new KeyValuePair<string, object?>("deadline", deadline));
}
