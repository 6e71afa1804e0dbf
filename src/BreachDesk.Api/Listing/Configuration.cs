using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Database;
using Marten;

namespace BreachDesk.Listing;

public static class ListingConfiguration
{
    /// <summary>
    /// The narrow indexes the list and the register page over (<see cref="IncidentPages"/>): (reported at, id), and
    /// the same after the status for a list of open or closed incidents. Both are read without touching the documents.
    /// They are the indexes Marten makes for the two duplicated columns, widened, not two more beside them: a count of
    /// open incidents reads the leading column of the second, and every report writes one index entry less for each
    /// (decision 0026). And the counts per status their totals are read from (<see cref="IncidentStatusCounts"/>),
    /// kept by triggers that join Marten's schema (created and checked with it; decision 0023).
    /// </summary>
    public static void AddIncidentListing(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(IncidentStatusCounts.KeptTable(MartenConfiguration.Schema));
        builder.Services.ConfigureMarten(options =>
        {
            options.Schema.For<IncidentView>()
                .Duplicate(x => x.ReportedAt, configure: index =>
                {
                    index.Name = "mt_doc_incidentview_idx_reported_at_id";
                    index.Mask = "?, id";
                })
                .Duplicate(x => x.Status, configure: index =>
                {
                    index.Name = "mt_doc_incidentview_idx_status_reported_at_id";
                    index.Mask = "?, reported_at, id";
                });
            options.Storage.Add(new IncidentStatusCounts.Storage(options, MartenConfiguration.Schema));
        });
    }
}
