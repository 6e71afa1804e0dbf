using Npgsql;

namespace BreachDesk.Dashboard;

/// <summary>
/// Holds one connection that LISTENs for <see cref="IncidentChangeNotifications.Channel"/> and hands each notice to
/// this node's open dashboards. When the connection drops (a database restart), it reconnects with back-off and then
/// ends the open streams: the browsers reconnect and re-read everything, which covers the notices missed meanwhile.
/// </summary>
public sealed class IncidentChangeListener(
    NpgsqlDataSource dataSource, IncidentChangeBroadcaster dashboards, ILogger<IncidentChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var pause = TimeSpan.FromSeconds(1);
        var missedSome = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stopping);
                connection.Notification += (_, notice) =>
                {
                    if (Guid.TryParse(notice.Payload, out var incidentId)) dashboards.Publish(incidentId);
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {IncidentChangeNotifications.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stopping);
                if (missedSome) dashboards.EndAllStreams();
                pause = TimeSpan.FromSeconds(1);
                while (true) await connection.WaitAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            // Whatever went wrong, never let it stop the host (a BackgroundService's failure would): try again later.
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                missedSome = true;
                logger.LogWarning("Lost the database connection that tells dashboards about changes ({Reason}); reconnecting in {Pause}.",
                    e.Message, pause);
                try { await Task.Delay(pause, stopping); }
                catch (OperationCanceledException) { return; }
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            }
        }
    }
}
