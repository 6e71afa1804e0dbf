using Marten;
using Marten.Events.Projections;

namespace BreachDesk.Board;

public static class BoardConfiguration
{
    /// <summary>The running clocks' table, with its due time in an indexed column so the board reads an index range.</summary>
    public static void AddDeadlineBoard(this WebApplicationBuilder builder) =>
        builder.Services.ConfigureMarten(options =>
        {
            options.Schema.For<RunningClock>().Duplicate(x => x.DueAt);
            options.Projections.Add<RunningClockProjection>(JasperFx.Events.Projections.ProjectionLifecycle.Inline);
        });
}
