using BreachDesk.Incidents;
using Marten;

namespace BreachDesk.Insights;

public static class InsightsConfiguration
{
    /// <summary>
    /// The moment of awareness as a real, indexed column of the incident view: insights and the annual report count
    /// breaches by when the organisation became aware of them (Art. 33(1)), and read a period as an index range, not a
    /// scan of every document. Marten fills the column of rows stored before it existed when it adds it.
    /// </summary>
    public static void AddInsights(this WebApplicationBuilder builder) =>
        builder.Services.ConfigureMarten(options => options.Schema.For<IncidentView>().Duplicate(x => x.DiscoveredAt));
}
