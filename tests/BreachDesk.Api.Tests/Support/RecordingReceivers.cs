using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BreachDesk.Tests.Support;

/// <summary>A real HTTP receiver on loopback that records every JSON POST by path (Slack, PagerDuty stand-ins).</summary>
public sealed class JsonReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    public ConcurrentQueue<(string Path, JsonObject Body)> Received { get; } = new();
    public string BaseUrl { get; }

    private JsonReceiver(WebApplication app, string url) => (_app, BaseUrl) = (app, url);

    public static async Task<JsonReceiver> StartAsync()
    {
        var app = LoopbackServer.Create();
        JsonReceiver receiver = null!;
        app.MapPost("/{**path}", (Delegate)(async (HttpContext context) =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body);
            receiver.Received.Enqueue((context.Request.Path.Value!, body!.AsObject()));
            return Results.Accepted();
        }));
        receiver = new JsonReceiver(app, await LoopbackServer.StartAsync(app));
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>
/// A minimal SMTP server on loopback (greeting, EHLO, MAIL, RCPT, DATA, QUIT): enough for a real SMTP client to
/// deliver to it, so the e-mail channel is tested over a real socket.
/// </summary>
public sealed class SmtpReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    public ConcurrentQueue<string> Messages { get; } = new();
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private SmtpReceiver(int port) => _listener = new(IPAddress.Loopback, port);

    public static SmtpReceiver Start() => StartOn(0);

    /// <summary>A receiver on a given port: a mail server that comes back where it was down.</summary>
    public static SmtpReceiver StartOn(int port)
    {
        var server = new SmtpReceiver(port);
        server._listener.Start();
        _ = Task.Run(server.AcceptAsync);
        return server;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.ASCII);
        var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 localhost ESMTP test");
        while (await reader.ReadLineAsync() is { } line)
        {
            var command = line.Split(' ')[0].ToUpperInvariant();
            switch (command)
            {
                case "EHLO" or "HELO": await writer.WriteLineAsync("250 localhost"); break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var message = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } data && data != ".") message.AppendLine(data);
                    Messages.Enqueue(message.ToString());
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "QUIT": await writer.WriteLineAsync("221 Bye"); return;
                default: await writer.WriteLineAsync("250 OK"); break;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        return ValueTask.CompletedTask;
    }
}
