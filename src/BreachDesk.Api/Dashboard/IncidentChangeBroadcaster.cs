using System.Collections.Concurrent;
using System.Threading.Channels;

namespace BreachDesk.Dashboard;

/// <summary>
/// In-process fan-out of "incident changed" notices to every open dashboard stream. A notice only says which incident
/// changed (the dashboard re-reads the API with its own credentials), so losing one to a full buffer costs a refresh,
/// never data. Each node tells its own dashboards; PostgreSQL tells every node (<see cref="IncidentChangeListener"/>).
/// </summary>
public sealed class IncidentChangeBroadcaster
{
    private readonly ConcurrentDictionary<Guid, Channel<Guid>> _listeners = new();

    public int ListenerCount => _listeners.Count;

    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<Guid>(new BoundedChannelOptions(64)
        {
            FullMode = BoundedChannelFullMode.DropOldest, // a slow browser must not hold up the others
            SingleReader = true,
        });
        var id = Guid.NewGuid();
        _listeners[id] = channel;
        return new Subscription(channel.Reader, () =>
        {
            if (_listeners.TryRemove(id, out var removed)) removed.Writer.TryComplete();
        });
    }

    public void Publish(Guid incidentId)
    {
        foreach (var listener in _listeners.Values) listener.Writer.TryWrite(incidentId);
    }

    /// <summary>Ends every open stream; each browser reconnects and re-reads what it shows.</summary>
    public void EndAllStreams()
    {
        foreach (var id in _listeners.Keys)
            if (_listeners.TryRemove(id, out var removed)) removed.Writer.TryComplete();
    }

    public sealed class Subscription(ChannelReader<Guid> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<Guid> Reader { get; } = reader;
        public void Dispose() => unsubscribe();
    }
}
