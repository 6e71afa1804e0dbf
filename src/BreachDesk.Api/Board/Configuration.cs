using Marten;

namespace BreachDesk.Board;

public static class BoardConfiguration
{
    /// <summary>The running clocks' table, with its due time in an indexed column so the board reads an index range.</summary>
    public static void AddDeadlineBoard(this WebApplicationBuilder builder) =>
        builder.Services.ConfigureMarten(options =>
        {
            options.Schema.For<RunningClock>()
                .Duplicate(x => x.DueAt, notNull: true)
                .Index(x => x.IncidentId);
            // The rows are written as a side effect of the inline incident view (IncidentViewProjection.RaiseSideEffects),
            // which Marten runs for inline projections only when asked to.
            options.Events.EnableSideEffectsOnInlineProjections = true;
        });
}
