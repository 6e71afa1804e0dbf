using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Database;
using Marten;

namespace BreachDesk.Searching;

public static class SearchingConfiguration
{
    /// <summary>
    /// Each incident's words, stored and GIN-indexed in a table a trigger keeps in the view's own transaction
    /// (<see cref="IncidentSearchWords"/>), so a note is findable in the response's moment. And a plain index on the
    /// owner, for <c>?owner=</c>, over the incidents that have one: a report has none yet, and an entry for its null
    /// owner would be written by every report and read by no query (decision 0030). The reference already has its
    /// unique index (Incidents).
    /// </summary>
    public static void AddIncidentSearch(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureMarten(options =>
        {
            options.Schema.For<IncidentView>().Index(x => x.Owner!, index =>
            {
                index.Name = "mt_doc_incidentview_idx_owner";
                index.Predicate = "(data ->> 'owner') IS NOT NULL";
            });
            options.Storage.Add(new IncidentSearchWords.Storage(options, MartenConfiguration.Schema));
        });
        builder.Services.AddSingleton(IncidentSearchWords.KeptTable(MartenConfiguration.Schema));
    }
}
