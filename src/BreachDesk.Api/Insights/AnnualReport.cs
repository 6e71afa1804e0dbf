using BreachDesk.Assessing;
using BreachDesk.Deadlines;

namespace BreachDesk.Insights;

/// <summary>
/// The year's figures the ICO and the board ask for: breaches recorded (every one, Art. 33(5)), reported to the
/// regulator and whether within the statutory 72 hours of awareness (Art. 33(1)), those late with their reasons
/// (Art. 33(1): "accompanied by reasons for the delay"), people told (Art. 34), by source and data category, and the
/// median and 90th-percentile times. A breach belongs to the year in which the organisation became aware of it.
/// </summary>
public sealed record AnnualReport(
    int Year, DateOnly From, DateOnly To, DateTimeOffset GeneratedAt,
    int BreachesRecorded,
    IReadOnlyDictionary<string, int> BySource,
    IReadOnlyDictionary<string, int> ByDataCategory,
    int ImpactNotAssessed,
    AnnualRisk Risk,
    AnnualRegulator Regulator,
    IReadOnlyList<LateReport> LateReports,
    AnnualDataSubjects DataSubjects,
    InsightsClocks Clocks,
    IReadOnlyList<InsightsBucketCounts> ByMonth);

/// <summary>The DPO's risk decisions on the year's breaches.</summary>
public sealed record AnnualRisk(int None, int Risk, int High, int NotAssessed);

/// <param name="Reported">Reports made to the regulator (voluntary ones included).</param>
/// <param name="WithinStatutoryDeadline">Of those, made within 72 hours of awareness.</param>
/// <param name="AfterStatutoryDeadline">Of those, made later (each carries its reason: <see cref="AnnualReport.LateReports"/>).</param>
/// <param name="NotReportable">The DPO assessed no risk and nothing was reported.</param>
/// <param name="StillToReport">A risk was assessed and no report is recorded yet.</param>
/// <param name="NotYetAssessed">No risk decision and no report yet.</param>
public sealed record AnnualRegulator(
    int Reported, int WithinStatutoryDeadline, int AfterStatutoryDeadline, int NotReportable, int StillToReport, int NotYetAssessed);

public sealed record LateReport(
    string Reference, string Title, DateTimeOffset DiscoveredAt, DateTimeOffset StatutoryDueAt, DateTimeOffset SubmittedAt,
    string LateBy, string? LateReason);

/// <param name="BreachesWithPeopleTold">Breaches after which the people affected were told.</param>
/// <param name="PeopleTold">How many people were told, summed over those notifications.</param>
/// <param name="ApproxPeopleAffected">The impact assessments' estimates of people affected, summed (breaches without one add nothing).</param>
public sealed record AnnualDataSubjects(int BreachesWithPeopleTold, long PeopleTold, long ApproxPeopleAffected);

/// <summary>Folds the year's facts into the report; builds on the insights' tally for what the two share.</summary>
public sealed class AnnualReportTally(int year, DateTimeOffset now)
{
    public InsightsPeriod Period { get; } = new(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), InsightsBucket.Month);

    private InsightsTally? _insights;
    private InsightsTally Insights => _insights ??= new InsightsTally(Period, now);
    private readonly int[] _risk = new int[4];
    private int _within, _after, _toldBreaches;
    private long _told, _affected;
    private readonly List<(Guid Id, DateTimeOffset DiscoveredAt, DateTimeOffset StatutoryDueAt, DateTimeOffset SubmittedAt)> _late = [];

    /// <summary>The incidents reported late, whose reference, title and reason the report shows (<see cref="LateReportDetails"/>).</summary>
    public IReadOnlyCollection<Guid> LateIncidents => _late.Select(l => l.Id).ToList();

    public void Add(IncidentFact fact)
    {
        Insights.Add(fact);
        _risk[fact.Risk is { } level ? (int)level : 3]++;
        if (fact.RegulatorMetAt is { } submitted)
        {
            // Within the law's 72 hours of awareness, by the one rule; the policy's stricter clock is in Clocks.
            if (DeadlineRules.Evaluate(fact.RegulatorStatutoryDueAt, submitted, required: true, now) == DeadlineStatus.Met) _within++;
            else
            {
                _after++;
                _late.Add((fact.Id, fact.DiscoveredAt, fact.RegulatorStatutoryDueAt, submitted));
            }
        }
        if (fact.DataSubjectsTold) _toldBreaches++;
        _told += fact.DataSubjectsToldCount;
        _affected += fact.ApproxDataSubjects ?? 0;
    }

    public AnnualReport Report(CurrentCounts current, IReadOnlyDictionary<Guid, LateReportDetail> lateDetails)
    {
        var late = _late.Select(l =>
        {
            var detail = lateDetails.GetValueOrDefault(l.Id) ?? new LateReportDetail("", "", null);
            return new LateReport(detail.Reference, detail.Title, l.DiscoveredAt, l.StatutoryDueAt, l.SubmittedAt,
                Infrastructure.IsoDuration.Format(TimeSpan.FromSeconds(Math.Round((l.SubmittedAt - l.StatutoryDueAt).TotalSeconds))),
                detail.LateReason);
        });
        var insights = Insights.Report(current, now);
        var outcomes = insights.ByOutcome;
        return new AnnualReport(
            Period.From.Year, Period.From, Period.To, now, insights.Incidents, insights.BySource, insights.ByDataCategory,
            insights.NotAssessed,
            new AnnualRisk(_risk[(int)RiskLevel.None], _risk[(int)RiskLevel.Risk], _risk[(int)RiskLevel.High], _risk[3]),
            new AnnualRegulator(outcomes["reported"], _within, _after, outcomes["not-reportable"], outcomes["to-report"], outcomes["not-assessed"]),
            late.OrderBy(l => l.SubmittedAt).ThenBy(l => l.Reference, StringComparer.Ordinal).ToList(),
            new AnnualDataSubjects(_toldBreaches, _told, _affected),
            insights.Clocks, insights.ByMonth);
    }
}
