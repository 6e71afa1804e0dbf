using BreachDesk.Assessing;
using BreachDesk.Escalating;
using BreachDesk.Incidents;

namespace BreachDesk.Insights;

/// <summary>The answer of <c>GET /api/insights</c>. Dictionaries are keyed by the API's names (<c>third-party</c>).</summary>
/// <param name="ByMonth">One entry per bucket of the period (months, or quarters or weeks when asked), oldest first.</param>
/// <param name="ByOutcome">
/// What became of each breach with the regulator: <c>reported</c>; <c>not-reportable</c> (the DPO assessed no risk);
/// <c>to-report</c> (a risk assessed, not yet reported); <c>not-assessed</c> (no risk decision yet).
/// </param>
/// <param name="OpenNow">Open incidents now, whatever the period.</param>
/// <param name="OverdueNow">Incidents with a clock running past its due time now, whatever the period.</param>
public sealed record InsightsReport(
    DateOnly From, DateOnly To, InsightsBucket Bucket, int Incidents,
    IReadOnlyList<InsightsBucketCounts> ByMonth,
    IReadOnlyDictionary<string, int> BySource,
    IReadOnlyDictionary<string, int> ByDataCategory,
    int NotAssessed,
    IReadOnlyDictionary<string, int> ByOutcome,
    InsightsClocks Clocks,
    int OpenNow, int OverdueNow, DateTimeOffset GeneratedAt);

/// <param name="Period">"2026-11", "2026-Q4" or "2026-W48".</param>
/// <param name="Start">The bucket's first day (which may lie before the period's <c>from</c>).</param>
public sealed record InsightsBucketCounts(
    string Period, DateOnly Start, int Incidents,
    IReadOnlyDictionary<string, int> BySource, IReadOnlyDictionary<string, int> ByDataCategory);

public sealed record InsightsClocks(ClockFigures Dpo, ClockFigures Regulator);

/// <summary>Folds the period's facts into the figures, one fact at a time.</summary>
public sealed class InsightsTally
{
    private readonly InsightsPeriod _period;
    private readonly Dictionary<DateOnly, Counts> _buckets = [];
    private readonly Counts _total = new();
    private readonly Dictionary<string, int> _outcomes = Outcomes.ToDictionary(o => o, _ => 0);

    public static readonly string[] Outcomes = ["reported", "not-reportable", "to-report", "not-assessed"];

    public InsightsTally(InsightsPeriod period, DateTimeOffset now)
    {
        _period = period;
        Dpo = new ClockTally(now);
        Regulator = new ClockTally(now);
        foreach (var (_, start) in period.Buckets()) _buckets[start] = new Counts();
    }

    public ClockTally Dpo { get; }
    public ClockTally Regulator { get; }
    public int Incidents => _total.Incidents;

    public void Add(IncidentFact fact)
    {
        var day = DateOnly.FromDateTime(fact.DiscoveredAt.UtcDateTime);
        _total.Add(fact);
        if (_buckets.TryGetValue(_period.BucketStart(day), out var bucket)) bucket.Add(fact);
        _outcomes[OutcomeOf(fact)]++;
        Dpo.Add(fact.DiscoveredAt, fact.DpoDueAt, fact.DpoMetAt, required: true);
        Regulator.Add(fact.DiscoveredAt, fact.RegulatorDueAt, fact.RegulatorMetAt, fact.RegulatorRequired);
    }

    public static string OutcomeOf(IncidentFact fact) => (fact.RegulatorMetAt, fact.Risk) switch
    {
        ({ }, _) => "reported",
        (null, RiskLevel.None) => "not-reportable",
        (null, { }) => "to-report",
        _ => "not-assessed",
    };

    public IReadOnlyDictionary<string, int> BySource => _total.BySource();
    public IReadOnlyDictionary<string, int> ByDataCategory => _total.ByDataCategory();
    public int NotAssessed => _total.NotAssessed;

    public InsightsReport Report(CurrentCounts current, DateTimeOffset now) => new(
        _period.From, _period.To, _period.Bucket, _total.Incidents,
        _period.Buckets().Select(b => new InsightsBucketCounts(
            b.Label, b.Start, _buckets[b.Start].Incidents, _buckets[b.Start].BySource(), _buckets[b.Start].ByDataCategory())).ToList(),
        BySource, ByDataCategory, NotAssessed, _outcomes,
        new InsightsClocks(Dpo.Figures(current.OverdueFor(DeadlineKind.Dpo)), Regulator.Figures(current.OverdueFor(DeadlineKind.Regulator))),
        current.OpenNow, current.OverdueNow, now);

    /// <summary>Counts of one bucket or of the whole period; every source and category appears, zeros included, so charts line up.</summary>
    private sealed class Counts
    {
        private readonly int[] _sources = new int[Enum.GetValues<IncidentSource>().Length];
        private static readonly DataCategory[] Categories = Enum.GetValues<DataCategory>();
        private readonly int[] _categories = new int[Categories.Length];
        public int Incidents { get; private set; }
        public int NotAssessed { get; private set; }

        public void Add(IncidentFact fact)
        {
            Incidents++;
            _sources[(int)fact.Source]++;
            if (!fact.ImpactAssessed) NotAssessed++;
            // A breach of several categories counts once in each: the categories add up to more than the breaches.
            for (var bits = (uint)fact.DataCategories.Bits; bits != 0; bits &= bits - 1)
                _categories[System.Numerics.BitOperations.TrailingZeroCount(bits)]++;
        }

        public IReadOnlyDictionary<string, int> BySource() =>
            Enum.GetValues<IncidentSource>().ToDictionary(EnumText.Name, s => _sources[(int)s]);

        public IReadOnlyDictionary<string, int> ByDataCategory() =>
            Enum.GetValues<DataCategory>().ToDictionary(EnumText.Name, c => _categories[(int)c]);
    }
}
