using BreachDesk.Incidents;
using Marten;

namespace BreachDesk.Searching;

public static class SearchingConfiguration
{
    /// <summary>
    /// A GIN index over the words of each incident view (<see cref="IncidentSearch"/>), over the JSON itself rather than
    /// a copied column: the inline projection keeps <c>SearchText</c> current in the command's transaction, so nothing
    /// else has to be kept in step. And a plain index on the owner, for <c>?owner=</c>. The reference already has its
    /// unique index (Incidents).
    /// </summary>
    public static void AddIncidentSearch(this WebApplicationBuilder builder) =>
        builder.Services.ConfigureMarten(options => options.Schema.For<IncidentView>()
            .FullTextIndex(IncidentSearch.TextSearchConfig, index =>
            {
                index.DocumentConfig = IncidentSearch.SearchedText;
                index.Name = "mt_doc_incidentview_idx_search";
            })
            .Index(x => x.Owner!, index => index.Name = "mt_doc_incidentview_idx_owner"));
}
