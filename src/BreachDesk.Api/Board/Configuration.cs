using Marten;
using Marten.Events.Projections;

namespace BreachDesk.Board;

public static class BoardConfiguration
{
    /// <summary>
    /// The running clocks' table. The board's order, (due time, reference), is one index, so a board of 500 reads 500
    /// index entries in order and stops, instead of sorting every clock in the window. (The reference is an
    /// expression in that index, <c>data ->> 'reference'</c>: no column of its own to keep on every write.)
    /// Without <c>mt_last_modified</c> and <c>mt_dotnet_type</c>: nothing reads them on a clock, and a report writes two
    /// rows (decision 0026). (<c>mt_version</c> stays: Marten 9.58's upsert of a projected document fails without it.)
    /// </summary>
    public static void AddDeadlineBoard(this WebApplicationBuilder builder) =>
        builder.Services.ConfigureMarten(options =>
        {
            options.Schema.For<RunningClock>()
                .Duplicate(x => x.DueAt)
                .Index([x => x.DueAt!, x => x.Reference], index => index.Name = "mt_doc_runningclock_idx_due_at_reference")
                .Metadata(m =>
                {
                    m.LastModified.Enabled = false;
                    m.DotNetType.Enabled = false;
                });
            options.Projections.Add<RunningClockProjection>(JasperFx.Events.Projections.ProjectionLifecycle.Inline);
        });
}
