using Marten;
using Marten.Events.Projections;

namespace BreachDesk.Board;

public static class BoardConfiguration
{
    /// <summary>
    /// The running clocks' table. The board's order, (due time, reference), is one index, so a board of 500 reads 500
    /// index entries in order and stops, instead of sorting every clock in the window. (The reference is an
    /// expression in that index, <c>data ->> 'reference'</c>: no column of its own to keep on every write.) It is the
    /// index Marten makes for the duplicated due time, widened, rather than a second one beside it: the counts' ranges
    /// on the due time alone read its leading column, and a report writes one entry less per clock (decision 0026).
    /// </summary>
    public static void AddDeadlineBoard(this WebApplicationBuilder builder) =>
        builder.Services.ConfigureMarten(options =>
        {
            options.Schema.For<RunningClock>()
                .Duplicate(x => x.DueAt, configure: index =>
                {
                    index.Name = "mt_doc_runningclock_idx_due_at_reference";
                    index.Mask = "?, (data ->> 'reference')";
                });
            options.Projections.Add<RunningClockProjection>(JasperFx.Events.Projections.ProjectionLifecycle.Inline);
        });
}
