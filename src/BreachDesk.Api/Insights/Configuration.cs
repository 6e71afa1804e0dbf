using BreachDesk.Incidents;
using Marten;

namespace BreachDesk.Insights;

public static class InsightsConfiguration
{
    /// <summary>
    /// The moment of awareness as a real, indexed column of the incident view: insights and the annual report count
    /// breaches by when the organisation became aware of them (Art. 33(1)), and read a period as an index range, not a
    /// scan of every document.
    /// Beside it, every other fact the figures need as a narrow duplicated column (<see cref="IncidentFacts"/> reads
    /// them): Marten computes each from the view in the upsert that stores the view, inline, in the command's own
    /// transaction and in a rebuild alike, so the columns cannot say other than the document. Only awareness is
    /// indexed: the others are read, never searched. (<c>status</c> is duplicated already, for the list; the due times
    /// are here, unindexed, since the board reads the running-clock table, decision 0026.)
    /// </summary>
    /// <remarks>
    /// The computed ones (<c>insight_*</c>, <see cref="IncidentView"/>'s <c>Insight…</c> members) are not in the JSON,
    /// so the columns Marten adds to an older database start empty: after the upgrade, rebuild the incident view
    /// (<c>projections rebuild</c>, docs/operations.md), as for any new read model.
    /// </remarks>
    public static void AddInsights(this WebApplicationBuilder builder) =>
        builder.Services.ConfigureMarten(options =>
        {
            options.Schema.For<IncidentView>().Duplicate(x => x.DiscoveredAt);
            // Duplicated without an index (Duplicate would add one each): an index per column would be written by every
            // command on an incident and help no query.
            options.Policies.ForAllDocuments(mapping =>
            {
                if (mapping.DocumentType != typeof(IncidentView)) return;
                foreach (var member in ReadOnlyColumns) mapping.DuplicateField(member);
            });
        });

    /// <summary>The view's members insights read as columns, beside <c>discovered_at</c> and <c>status</c>.</summary>
    public static readonly string[] ReadOnlyColumns =
    [
        nameof(IncidentView.Source), nameof(IncidentView.DpoDueAt), nameof(IncidentView.DpoMetAt),
        nameof(IncidentView.RegulatorDueAt), nameof(IncidentView.RegulatorStatutoryDueAt),
        nameof(IncidentView.RegulatorMetAt), nameof(IncidentView.RegulatorRequired),
        nameof(IncidentView.InsightImpactAssessed), nameof(IncidentView.InsightDataCategories),
        nameof(IncidentView.InsightApproxDataSubjects), nameof(IncidentView.InsightRiskLevel),
        nameof(IncidentView.InsightDataSubjectNotifications), nameof(IncidentView.InsightPeopleTold),
    ];
}
