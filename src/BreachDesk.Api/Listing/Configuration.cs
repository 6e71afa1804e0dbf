using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Database;
using Marten;
using Weasel.Postgresql.Tables;

namespace BreachDesk.Listing;

public static class ListingConfiguration
{
    /// <summary>Rows inserted, or row versions left dead, in the incident view's table after which autovacuum visits it.</summary>
    public const int VacuumAfterRows = 1000;

    /// <summary>
    /// The narrow indexes the list and the register page over (<see cref="IncidentPages"/>): (reported at, id), and
    /// the same after the status for a list of open or closed incidents. Both are read without touching the documents.
    /// They are the indexes Marten makes for the two duplicated columns, widened, not two more beside them: a count of
    /// open incidents reads the leading column of the second, and every report writes one index entry less for each
    /// (decision 0026). And the counts per status their totals are read from (<see cref="IncidentStatusCounts"/>),
    /// kept by triggers that join Marten's schema (created and checked with it; decision 0023).
    /// <para>
    /// Those walks are index-only only where the table's pages are marked all-visible: an entry on a page written
    /// since the last vacuum is checked against its row, and the newest pages (where page 900 of 1,001 walks from,
    /// and the list's first pages) are exactly those. So the view table is vacuumed after every
    /// <see cref="VacuumAfterRows"/> rows inserted or left dead, whatever its size, instead of PostgreSQL's default of a
    /// fifth of the table (20,000 rows at 100,000 incidents; after 10,000 reports page 900 read 11,354 rows, 20 once
    /// vacuumed: decision 0032).
    /// </para>
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
                })
                .StorageParameter(StorageParameterNames.AutovacuumVacuumInsertThreshold, VacuumAfterRows)
                .StorageParameter(StorageParameterNames.AutovacuumVacuumInsertScaleFactor, 0)
                .StorageParameter(StorageParameterNames.AutovacuumVacuumThreshold, VacuumAfterRows)
                .StorageParameter(StorageParameterNames.AutovacuumVacuumScaleFactor, 0);
            options.Storage.Add(new IncidentStatusCounts.Storage(options, MartenConfiguration.Schema));
        });
    }
}
