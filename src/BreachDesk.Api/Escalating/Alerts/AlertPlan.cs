using BreachDesk.Incidents;

namespace BreachDesk.Escalating.Alerts;

/// <summary>
/// Turns escalation events into alerts: one <see cref="DeliverAlert"/> per channel of every target of the level for a
/// raise or repeat; acknowledgements and resolutions go to the channels that track an alert's state (PagerDuty, webhooks)
/// of the targets that were paged about the clock, and to nobody else (decision 0035).
/// </summary>
/// <remarks>
/// Who was paged is recorded on the raise and repeat themselves (<see cref="EscalationRaised.Paged"/>), as the
/// configuration named them then, so a configuration changed between the raise and the stop still tells whoever was
/// paged that it stopped (through the channels that target has now), and tells nobody who was added since.
/// </remarks>
public static class AlertPlan
{
    /// <summary>The sweep's events as they are to be stored (raises and repeats naming whom they paged), and their alerts.</summary>
    public sealed record Planned(IReadOnlyList<object> Events, IReadOnlyList<DeliverAlert> Alerts);

    /// <param name="log">The escalation log as it was read, before <paramref name="events"/>: repeats and resolutions name escalations in it.</param>
    public static Planned ForSweep(IReadOnlyList<object> events, Incident incident, IncidentEscalations? log, EscalationOptions options)
    {
        var known = log?.Escalations ?? System.Collections.Immutable.ImmutableDictionary<Guid, EscalationState>.Empty;
        var stored = new List<object>(events.Count);
        var alerts = new List<DeliverAlert>();
        foreach (var e in events)
        {
            switch (e)
            {
                case EscalationRaised r:
                    var raised = Trigger(options, r.Level,
                        new AlertContent(r.IncidentId, r.Reference, r.Deadline, r.Checkpoint, r.DueAt, r.Level, r.EscalationId, 0, r.RaisedAt)).ToList();
                    alerts.AddRange(raised);
                    stored.Add(r with { Paged = PagedBy(raised) });
                    break;
                case EscalationRepeated r when known.TryGetValue(r.EscalationId, out var escalation):
                    var repeated = Trigger(options, r.Level,
                        new AlertContent(r.IncidentId, incident.Reference, escalation.Deadline, "overdue", escalation.DueAt, r.Level, r.EscalationId, r.Repeat, r.RepeatedAt)).ToList();
                    alerts.AddRange(repeated);
                    stored.Add(r with { Paged = PagedBy(repeated) });
                    break;
                default:
                    stored.Add(e);
                    break;
            }
        }

        // One resolution per clock that stopped: PagerDuty keeps one incident per clock, a webhook hears "deadline.stopped" once.
        foreach (var stopped in events.OfType<EscalationResolved>().GroupBy(r => r.Deadline))
        {
            var escalations = stopped.Select(r => known.GetValueOrDefault(r.EscalationId)).OfType<EscalationState>().ToList();
            if (escalations.Count == 0) continue;
            var escalation = escalations.MaxBy(x => x.Level)!;
            var content = new AlertContent(incident.Id, incident.Reference, stopped.Key, escalation.Checkpoint, escalation.DueAt, escalation.Level,
                Guid.Empty, 0, stopped.First().ResolvedAt);
            alerts.AddRange(FollowUp(AlertKind.Resolve, content, Heard(escalations), options));
        }
        return new Planned(stored, alerts);
    }

    /// <summary>To the targets paged about the acknowledged escalation's clock while it runs (PagerDuty's one incident per clock).</summary>
    /// <param name="log">The escalation log the acknowledgement was decided on.</param>
    public static IEnumerable<DeliverAlert> Acknowledged(EscalationAcknowledged ack, EscalationView escalation, IncidentEscalations log, EscalationOptions options) =>
        FollowUp(AlertKind.Acknowledge, new AlertContent(escalation.IncidentId, escalation.Reference, escalation.Deadline, escalation.Checkpoint,
                escalation.DueAt, escalation.Level, escalation.Id, 0, ack.AcknowledgedAt),
            Heard(log.Escalations.Values.Where(e => e.Deadline == escalation.Deadline && (e.Status != EscalationStatus.Resolved || e.Id == ack.EscalationId))),
            options);

    private static IEnumerable<DeliverAlert> Trigger(EscalationOptions options, int level, AlertContent content) =>
        ToTargets(options, options.TargetsFor(level), AlertKind.Trigger, content, _ => true);

    /// <summary>The targets that were sent at least one of these alerts, as the level named them.</summary>
    private static List<string> PagedBy(IEnumerable<DeliverAlert> alerts) => alerts.Select(a => a.Target).Distinct(TargetNames.Comparer).ToList();

    /// <summary>Everyone paged about these escalations; null (everyone) when one of them was recorded before who was paged was.</summary>
    private static HashSet<string>? Heard(IEnumerable<EscalationState> escalations)
    {
        var heard = new HashSet<string>(TargetNames.Comparer);
        foreach (var escalation in escalations)
        {
            if (escalation.Paged is null) return null;
            heard.UnionWith(escalation.Paged);
        }
        return heard;
    }

    /// <remarks>Named as the targets are configured (as before 0035), so a resolution decided again names the same alert.</remarks>
    private static IEnumerable<DeliverAlert> FollowUp(AlertKind kind, AlertContent content, HashSet<string>? heard, EscalationOptions options) =>
        ToTargets(options, options.Targets.Keys.Where(target => heard is null || heard.Contains(target)), kind, content,
            channel => channel.Channel is "pagerduty" or "webhook");

    private static IEnumerable<DeliverAlert> ToTargets(
        EscalationOptions options, IEnumerable<string> targets, AlertKind kind, AlertContent content, Func<ChannelOptions, bool> accepts)
    {
        foreach (var target in targets.Distinct(TargetNames.Comparer))
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
