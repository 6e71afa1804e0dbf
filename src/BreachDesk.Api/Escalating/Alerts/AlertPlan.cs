using BreachDesk.Incidents;

namespace BreachDesk.Escalating.Alerts;

/// <summary>Turns an escalation event into one <see cref="DeliverAlert"/> per channel of every target of its level.</summary>
public static class AlertPlan
{
    public static IEnumerable<DeliverAlert> For(object escalationEvent, Incident incident, EscalationOptions options)
    {
        var (content, level) = escalationEvent switch
        {
            EscalationRaised r => (new AlertContent(r.IncidentId, r.Reference, r.Deadline, r.Checkpoint, r.DueAt, r.Level, r.EscalationId, 0, r.RaisedAt), r.Level),
            EscalationRepeated r => (Repeated(r, incident), r.Level),
            _ => throw new ArgumentException("Not an escalation event.", nameof(escalationEvent)),
        };
        return ToTargets(options, options.TargetsFor(level), AlertKind.Trigger, content, _ => true);
    }

    /// <summary>Acknowledgements and resolutions go to the channels that track an alert's state: PagerDuty and webhooks.</summary>
    public static IEnumerable<DeliverAlert> FollowUp(AlertKind kind, AlertContent content, EscalationOptions options) =>
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

    private static AlertContent Repeated(EscalationRepeated r, Incident incident)
    {
        var raised = incident.Escalations[r.EscalationId];
        var dueAt = incident.DueAt(raised.Deadline);
        return new AlertContent(r.IncidentId, incident.Reference, raised.Deadline, "overdue", dueAt, r.Level, r.EscalationId, r.Repeat, r.RepeatedAt);
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
        EscalationDecision.IdFor(content.EscalationId == Guid.Empty ? content.IncidentId : content.EscalationId,
            $"{kind}/{content.Deadline}/{content.Repeat}/{target}/{channel}" + (kind == AlertKind.Resolve ? $"/{content.At.UtcTicks}" : ""));
}
