using BreachDesk.Incidents;

namespace BreachDesk.Escalating.Alerts;

/// <summary>
/// Turns escalation events into alerts: one <see cref="DeliverAlert"/> per channel of every target of the level for a
/// raise or repeat; acknowledgements and resolutions go to the channels that track an alert's state (PagerDuty, webhooks).
/// </summary>
public static class AlertPlan
{
    /// <param name="log">The escalation log as it was read, before <paramref name="events"/>: repeats and resolutions name escalations in it.</param>
    public static IEnumerable<DeliverAlert> ForSweep(IReadOnlyList<object> events, Incident incident, IncidentEscalations? log, EscalationOptions options)
    {
        var known = log?.Escalations ?? System.Collections.Immutable.ImmutableDictionary<Guid, EscalationState>.Empty;
        foreach (var e in events)
        {
            switch (e)
            {
                case EscalationRaised r:
                    foreach (var alert in Trigger(options, r.Level,
                                 new AlertContent(r.IncidentId, r.Reference, r.Deadline, r.Checkpoint, r.DueAt, r.Level, r.EscalationId, 0, r.RaisedAt)))
                        yield return alert;
                    break;
                case EscalationRepeated r when known.TryGetValue(r.EscalationId, out var escalation):
                    foreach (var alert in Trigger(options, r.Level,
                                 new AlertContent(r.IncidentId, incident.Reference, escalation.Deadline, "overdue", escalation.DueAt, r.Level, r.EscalationId, r.Repeat, r.RepeatedAt)))
                        yield return alert;
                    break;
            }
        }

        // One resolution per clock that stopped: PagerDuty keeps one incident per clock, a webhook hears "deadline.stopped" once.
        foreach (var stopped in events.OfType<EscalationResolved>().GroupBy(r => r.Deadline))
        {
            var escalation = stopped.Select(r => known.GetValueOrDefault(r.EscalationId)).OfType<EscalationState>().MaxBy(x => x.Level);
            if (escalation is null) continue;
            var content = new AlertContent(incident.Id, incident.Reference, stopped.Key, escalation.Checkpoint, escalation.DueAt, escalation.Level,
                Guid.Empty, 0, stopped.First().ResolvedAt);
            foreach (var alert in FollowUp(AlertKind.Resolve, content, options)) yield return alert;
        }
    }

    public static IEnumerable<DeliverAlert> Acknowledged(EscalationAcknowledged ack, EscalationView escalation, EscalationOptions options) =>
        FollowUp(AlertKind.Acknowledge, new AlertContent(escalation.IncidentId, escalation.Reference, escalation.Deadline, escalation.Checkpoint,
            escalation.DueAt, escalation.Level, escalation.Id, 0, ack.AcknowledgedAt), options);

    private static IEnumerable<DeliverAlert> Trigger(EscalationOptions options, int level, AlertContent content) =>
        ToTargets(options, options.TargetsFor(level), AlertKind.Trigger, content, _ => true);

    private static IEnumerable<DeliverAlert> FollowUp(AlertKind kind, AlertContent content, EscalationOptions options) =>
        ToTargets(options, options.Targets.Keys, kind, content, channel => channel.Channel is "pagerduty" or "webhook");

    private static IEnumerable<DeliverAlert> ToTargets(
        EscalationOptions options, IEnumerable<string> targets, AlertKind kind, AlertContent content, Func<ChannelOptions, bool> accepts)
    {
        foreach (var target in targets.Distinct())
        {
            if (!options.Targets.TryGetValue(target, out var channels)) continue;
            for (var i = 0; i < channels.Count; i++)
                if (accepts(channels[i]))
                    yield return new DeliverAlert(AlertIds.For(content, kind, target, i), kind, target, i, content);
        }
    }
}

/// <summary>
/// The id a receiver de-duplicates on (<c>BreachDesk-Delivery</c>). An escalation's alert is named by the escalation, its
/// repeat, target and channel, not by when it was decided: the same checkpoint decided again (a retry, a restored copy
/// of the database) names the same alert. A resolution has no escalation of its own, and a deadline may stop more than
/// once (reopened, then met again), so its time names it.
/// </summary>
internal static class AlertIds
{
    public static Guid For(AlertContent content, AlertKind kind, string target, int channel) =>
        EscalationIds.For(content.EscalationId == Guid.Empty ? content.IncidentId : content.EscalationId,
            $"{kind}/{content.Deadline}/{content.Repeat}/{target}/{channel}" + (kind == AlertKind.Resolve ? $"/{content.At.UtcTicks}" : ""));
}
