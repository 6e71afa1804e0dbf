using System.Text.Json.Serialization;
using BreachDesk.Assessing;
using BreachDesk.Insights;

namespace BreachDesk.Incidents;

/// <summary>
/// The facts insights count that the view holds only inside its lists and nested records, as flat values: each is a
/// duplicated column of the view's table (<see cref="Insights.InsightsConfiguration"/>), which Marten computes from
/// the view in the same upsert that stores it, so a period's figures read a few narrow columns and never open a
/// document. Derived from the view alone (no rule of their own), and not part of its JSON.
/// </summary>
public sealed partial class IncidentView
{
    /// <summary>Whether the impact has been assessed (an assessment recorded, whatever it says).</summary>
    [JsonIgnore]
    public bool InsightImpactAssessed => Impact is not null;

    /// <summary>The assessed data categories as bits (<c>1 &lt;&lt; (int)category</c>): a breach counts once in each.</summary>
    [JsonIgnore]
    public int InsightDataCategories => Impact is null ? 0 : DataCategorySet.Of(Impact.DataCategories).Bits;

    [JsonIgnore]
    public int? InsightApproxDataSubjects => Impact?.ApproxDataSubjects;

    [JsonIgnore]
    public RiskLevel? InsightRiskLevel => Risk?.Level;

    /// <summary>How many times the people affected were told (Art. 34), and how many people, summed.</summary>
    [JsonIgnore]
    public int InsightDataSubjectNotifications => DataSubjectNotifications.Count;

    [JsonIgnore]
    public long InsightPeopleTold => DataSubjectNotifications.Sum(n => (long)n.Recipients);
}
