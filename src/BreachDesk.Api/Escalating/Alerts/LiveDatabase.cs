using BreachDesk.Infrastructure.Database;

namespace BreachDesk.Escalating.Alerts;

/// <summary>
/// Whether alerts may leave this database (<see cref="DatabaseIdentity"/>), asked before every alert but read from the
/// database at most once per <see cref="FreshFor"/> while the answer is "live": that read was a transaction of its own
/// per alert, a third of what a DPO notice cost (decision 0029). A "held" answer is never kept, so <c>alerts resume</c>
/// acts at the next recheck as before; <c>alerts hold</c> on a running service acts within <see cref="FreshFor"/>. A
/// restored copy is started as a new process, whose first alert always reads.
/// </summary>
public sealed class LiveDatabase(DatabaseIdentity identity, TimeProvider clock)
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(5);

    private long _liveUntilTicks;

    /// <returns>Null when alerts may be sent; otherwise why they are held.</returns>
    public async Task<DatabaseIdentity.Status?> HeldAsync(CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        if (now.UtcTicks < Interlocked.Read(ref _liveUntilTicks)) return null;
        var status = await identity.ReadAsync(cancellation);
        if (status.Held) return status;
        Interlocked.Exchange(ref _liveUntilTicks, (now + FreshFor).UtcTicks);
        return null;
    }
}
