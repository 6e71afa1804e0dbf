using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Database;
using Marten;

namespace BreachDesk.Listing;

public static class ListingConfiguration
{
    /// <summary>
    /// The narrow indexes the list and the register page over (<see cref="IncidentPages"/>): (reported at, id), and
    /// the same after the status for a list of open or closed incidents. Both are read without touching the documents.
    /// And the counts per status their totals are read from (<see cref="IncidentStatusCounts"/>), kept by triggers
    /// that join Marten's schema (created and checked with it).
    /// </summary>
    public static void AddIncidentListing(this WebApplicationBuilder builder) =>
        builder.Services.ConfigureMarten(options =>
        {
            options.Schema.For<IncidentView>()
                .Index([x => x.ReportedAt, x => x.Id], index => index.Name = "mt_doc_incidentview_idx_reported_at_id")
                .Index([x => x.Status, x => x.ReportedAt, x => x.Id], index => index.Name = "mt_doc_incidentview_idx_status_reported_at_id");
            options.Storage.Add(new IncidentStatusCounts.Storage(options, MartenConfiguration.Schema));
        });
}
