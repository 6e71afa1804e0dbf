using BreachDesk.Escalating.Alerts;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Telemetry;
using Marten;
using Microsoft.Extensions.Options;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Runtime.Handlers;

namespace BreachDesk.Escalating;

/// <summary>A planned checkpoint whose time has come.</summary>
public sealed record EscalationCheckpointReached(Guid IncidentId, EscalationCheckpoint Checkpoint);

/// <summary>
/// Re-reads the incident and, if the clock still runs, records the escalation on the incident and sends its alerts
/// through the transactional outbox, in one transaction: an alert goes out if and only if its event was stored.
/// Two deliveries of the same checkpoint race on the stream version; the loser is retried and finds it fired.
/// </summary>
[WolverineHandler] // discovered although its name does not end in "Handler"
public static class EscalateAtCheckpoint
{
    /// <summary>
    /// A lost race is expected and retried (see Configuration), so Wolverine logs each failed attempt at Information,
    /// not Error. A checkpoint that still fails when its retries are spent is dead-lettered, and Wolverine logs that at
    /// Error ("moved to the error queue", with the exception): only giving up is an error.
    /// </summary>
    public static void Configure(HandlerChain chain) => chain.FailureLogLevel = LogLevel.Information;

    public static async Task<OutgoingMessages> Handle(
        EscalationCheckpointReached message,
        IDocumentSession session,
        EscalationPolicy policy,
        IOptions<EscalationOptions> options,
        TimeProvider clock,
        BreachDeskMetrics metrics,
        ILogger<EscalationCheckpointReached> logger,
        CancellationToken cancellation)
    {
        var messages = new OutgoingMessages();
        var stream = await session.Events.FetchForWriting<Incident>(message.IncidentId, cancellation);
        if (stream.Aggregate is not { } incident) return messages;

        var now = clock.GetUtcNow();
        switch (EscalationDecision.Decide(incident, message.Checkpoint, policy, now))
        {
            case EscalationOutcome.Stale stale:
                logger.LogInformation("Checkpoint {Key} of incident {IncidentId} does nothing: {Why}", message.Checkpoint.Key, incident.Id, stale.Why);
                return messages;

            case EscalationOutcome.Raise raise:
                stream.AppendOne(raise.Event);
                metrics.EscalationRaised(message.Checkpoint.Deadline.ToString().ToLowerInvariant());
                messages.AddRange(AlertPlan.For(raise.Event, incident, options.Value));
                if (raise.NextRepeat is { } next)
                    messages.Add(new EscalationCheckpointReached(incident.Id, next).ScheduledAt(next.At));
                return messages;

            default:
                throw new InvalidOperationException("Unknown escalation outcome.");
        }
    }
}
