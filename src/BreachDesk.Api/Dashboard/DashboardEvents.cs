using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Features;

namespace BreachDesk.Dashboard;

/// <summary>
/// The server-sent events stream of <see cref="DashboardConfiguration.EventsRoute"/>, written by hand and flushed after
/// every event: nothing may sit in a buffer while a DPO waits for the board to move.
/// </summary>
public static class DashboardEvents
{
    /// <summary>Often enough that proxies and load balancers do not close an idle stream.</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static async Task Stream(HttpContext context, IncidentChangeBroadcaster broadcaster, IHostApplicationLifetime lifetime)
    {
        // A stream also ends when the service is told to stop: Kestrel waits for open requests before it exits, so one
        // open dashboard would hold a SIGTERM until the host's 30 s shutdown timeout (past Kubernetes' grace period).
        // The browser reconnects, to another instance.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var cancellation = ending.Token;
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["X-Accel-Buffering"] = "no";

        using var subscription = broadcaster.Subscribe();
        try
        {
            // At once, so that the response starts before the first change: the client knows it is connected.
            await Write(context, "retry: 3000\nevent: connected\ndata: ready\n\n", cancellation);
            while (!cancellation.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                wait.CancelAfter(Heartbeat);
                try
                {
                    var changed = await subscription.Reader.ReadAsync(wait.Token);
                    await Write(context, $"event: incident-changed\ndata: {changed}\n\n", cancellation);
                }
                catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
                {
                    await Write(context, ": heartbeat\n\n", cancellation);
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The browser went away, or the service is stopping.
        }
        catch (ChannelClosedException)
        {
            // The node lost its notices for a while (IncidentChangeListener): ending the stream makes the browser
            // reconnect and re-read.
        }
    }

    private static async Task Write(HttpContext context, string text, CancellationToken cancellation)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellation);
        await context.Response.Body.FlushAsync(cancellation);
    }
}
