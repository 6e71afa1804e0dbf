using System.Runtime.CompilerServices;

namespace BreachDesk.Infrastructure.Database;

/// <summary>
/// Marks a save whose command writes some inline projections' rows itself, so their groupings leave its events alone
/// (decision 0037). A report knows what a new incident's clocks and first escalations look like without reading
/// anything: the projections' own pure functions make the rows, the command inserts them, and Marten is spared a read
/// per projection of documents that cannot exist yet.
/// </summary>
/// <remarks>
/// An <see cref="AsyncLocal{T}"/>, because Marten calls a grouping with a session of its own, not the command's, so
/// nothing on the session can say whose save it is. The value is a box the scope switches off when it ends: work
/// started inside the scope keeps a copy of the execution context, and must not see a scope that has ended.
/// </remarks>
public static class WrittenByCommand
{
    private static readonly AsyncLocal<StrongBox<bool>?> Current = new();

    /// <summary>Whether the save running now writes those rows itself.</summary>
    public static bool IsActive => Current.Value?.Value == true;

    /// <summary>Until disposed, saves in this asynchronous flow are the command's own; dispose it right after the save.</summary>
    public static IDisposable Begin()
    {
        var box = new StrongBox<bool>(true);
        var outer = Current.Value;
        Current.Value = box;
        return new Scope(box, outer);
    }

    private sealed class Scope(StrongBox<bool> box, StrongBox<bool>? outer) : IDisposable
    {
        public void Dispose()
        {
            box.Value = false;
            Current.Value = outer;
        }
    }
}
