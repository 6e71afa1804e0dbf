using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BreachDesk.Tests.Support;

/// <summary>
/// A real webhook receiver on a loopback socket, as an on-call team would run one: it verifies the HMAC signature
/// the way the README tells receivers to, and records every delivery. It can be told to fail for a while.
/// </summary>
public sealed class AlertReceiver : IAsyncDisposable
{
    public sealed record Delivery(DateTimeOffset ReceivedAt, string DeliveryId, bool SignatureValid, JsonObject Body);

    private readonly WebApplication _app;
    private readonly string _secret;
    private int _failuresLeft;

    public ConcurrentQueue<Delivery> Deliveries { get; } = new();
    public int FailedAttempts;
    public bool FailForever { get; set; }
    public string Url { get; }

    private AlertReceiver(WebApplication app, string secret, string url) => (_app, _secret, Url) = (app, secret, url);

    public void FailNext(int attempts) => _failuresLeft = attempts;

    public static async Task<AlertReceiver> StartAsync(string secret)
    {
        var app = LoopbackServer.Create();
        AlertReceiver receiver = null!;
        app.MapPost("/hook", (Delegate)((HttpContext context) => receiver.ReceiveAsync(context)));
        var address = await LoopbackServer.StartAsync(app);
        receiver = new AlertReceiver(app, secret, $"{address}/hook");
        return receiver;
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        if (FailForever || Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            Interlocked.Increment(ref FailedAttempts);
            return Results.StatusCode(500);
        }
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var valid = Verify(context.Request.Headers["BreachDesk-Signature"].ToString(), body);
        Deliveries.Enqueue(new Delivery(DateTimeOffset.UtcNow, context.Request.Headers["BreachDesk-Delivery"].ToString(), valid,
            JsonNode.Parse(body)!.AsObject()));
        return valid ? Results.Ok() : Results.Unauthorized();
    }

    /// <summary>t={unix seconds},v1={hex HMAC-SHA256(secret, "{t}.{body}")}, within five minutes.</summary>
    private bool Verify(string header, byte[] body)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1) || !long.TryParse(t, out var timestamp)) return false;
        if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - timestamp) > 300) return false;
        var signed = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".").Concat(body).ToArray();
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(_secret), signed);
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(v1));
    }

    public async Task<Delivery> WaitFor(Func<Delivery, bool> match, TimeSpan timeout)
    {
        var until = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < until)
        {
            var found = Deliveries.FirstOrDefault(match);
            if (found is not null) return found;
            await Task.Delay(100);
        }
        throw new TimeoutException($"No matching delivery within {timeout}; received {Deliveries.Count}.");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
