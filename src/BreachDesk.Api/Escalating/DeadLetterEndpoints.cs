using System.Text.Json;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Persistence.Durability;
using Wolverine.Persistence.Durability.DeadLetterManagement;

namespace BreachDesk.Escalating;

public sealed record DeadLetterResponse(Guid Id, string MessageType, string? Target, string? Reference, string ExceptionType, string ExceptionMessage, DateTimeOffset SentAt, bool Replayable);

/// <summary>
/// Alerts that failed every delivery attempt wait in Wolverine's dead-letter store (PostgreSQL). Operators see
/// them here and replay one once the receiver is fixed.
/// </summary>
public static class DeadLetterEndpoints
{
    [WolverineGet("/api/escalations/dead-letters"), Authorize(Roles = "oncall,dpo,admin")]
    [EndpointSummary("Alerts that could not be delivered after every retry.")]
    [ProducesResponseType<DeadLetterResponse[]>(200)]
    public static async Task<IResult> Get(IMessageStore store, CancellationToken cancellation)
    {
        var results = await store.DeadLetters.QueryAsync(new DeadLetterEnvelopeQuery { PageSize = 500 }, cancellation);
        var items = results.Envelopes.Select(d =>
        {
            // Other handlers' messages (an incident event a drafting handler gave up on) are listed too, without alert fields.
            var alert = d.Message as Alerts.DeliverAlert ?? (IsAlert(d.MessageType) ? ReadAlert(d.Envelope.Data) : null);
            return new DeadLetterResponse(d.Id, d.MessageType, alert?.Target, alert?.Content?.Reference, d.ExceptionType, d.ExceptionMessage, d.SentAt, d.Replayable);
        }).ToList();
        return TypedResults.Json(items, ApiJson.Options);
    }

    private static bool IsAlert(string? messageType) =>
        messageType is not null && messageType.Contains(nameof(Alerts.DeliverAlert), StringComparison.OrdinalIgnoreCase);

    /// <summary>The query returns the stored body undecoded; Wolverine serialises messages as JSON.</summary>
    private static Alerts.DeliverAlert? ReadAlert(byte[]? body)
    {
        if (body is null) return null;
        try { return JsonSerializer.Deserialize<Alerts.DeliverAlert>(body, ReadOptions); }
        catch (JsonException) { return null; }
    }

    private static readonly JsonSerializerOptions ReadOptions = new(JsonSerializerDefaults.Web);

    [WolverinePost("/api/escalations/dead-letters/{id}/replay"), Authorize(Roles = "oncall,admin")]
    [EndpointSummary("Send a dead-lettered alert again.")]
    [ProducesResponseType(202), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Replay(Guid id, IMessageStore store, CancellationToken cancellation)
    {
        if (await store.DeadLetters.DeadLetterEnvelopeByIdAsync(id) is null)
            return Problems.Result(new ProblemDetails { Status = 404, Title = "Unknown dead letter.", Detail = $"There is no dead letter with id {id}." });
        await store.DeadLetters.MarkDeadLetterEnvelopesAsReplayableAsync([id]);
        return TypedResults.Accepted((string?)null);
    }
}
