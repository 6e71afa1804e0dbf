using Wolverine;

namespace BreachDesk.Escalating;

/// <summary>
/// How often Wolverine's durability agent polls PostgreSQL on every node, idle or not (decision 0025). Each poll is a
/// statement or a transaction, so a commit, and the defaults add up to several commits a second on a service that does
/// nothing. Balanced mode stays (several nodes share one database; Solo would never take over a killed node's
/// messages). What the polls are for here, and so how slowly each may run:
/// <list type="bullet">
/// <item>scheduled messages: only alert retries (<see cref="EscalationOptions.RetryDelays"/>), so as often as the
/// shortest retry delay, between 1 s and 5 s (a retry is then at most that much later than its delay);</item>
/// <item>the node heartbeat and the peers' health (<c>HealthCheckPollingTime</c>, two writes and the leader's three
/// reads a round), the release of a dead node's messages
/// (<c>OrphanedMessageSweepPollingTime</c>) and the recovery of unowned ones (the scheduled poll): together they bound
/// how long the alerts a killed node had recorded but not yet delivered wait for another node, at most
/// <c>StaleNodeTimeout + 2 × HealthCheckPollingTime + OrphanedMessageSweepPollingTime + ScheduledJobPollingTime</c>
/// = 60 + 40 + 15 + 5 = 120 s with these values (Wolverine's defaults: 60 + 20 + 5 + 5 = 90 s);</item>
/// <item>the persisted-envelope gauges (<c>UpdateMetricsPeriod</c>) and the leader's checks of agent assignments (the
/// only agent is the durability agent itself): every 30 s and 60 s.</item>
/// </list>
/// The escalations themselves do not depend on any of this: every node sweeps, and a sweep killed half-way rolls back.
/// </summary>
public static class DurabilityPolling
{
    public static void Apply(DurabilitySettings durability, EscalationOptions escalation)
    {
        var shortestRetry = escalation.Retries().DefaultIfEmpty(TimeSpan.FromSeconds(5)).Min();
        durability.ScheduledJobPollingTime =
            TimeSpan.FromTicks(Math.Clamp(shortestRetry.Ticks, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromSeconds(5).Ticks));
        durability.HealthCheckPollingTime = TimeSpan.FromSeconds(20);
        durability.OrphanedMessageSweepPollingTime = TimeSpan.FromSeconds(15);
        durability.NodeReassignmentPollingTime = TimeSpan.FromSeconds(30);
        durability.UpdateMetricsPeriod = TimeSpan.FromSeconds(30);
        durability.CheckAssignmentPeriod = TimeSpan.FromSeconds(60);
    }
}
