using BreachDesk.Escalating.Alerts;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Telemetry;
using Marten;
using Microsoft.Extensions.Options;

namespace BreachDesk.Escalating.Sweeping;

/// <summary>
/// An incident's first sweep, done in the report's own transaction rather than by the sweeper after a replan signal:
/// at report time the clocks are known, the escalation log is new (nothing else can have written to it, so appending
/// cannot conflict with anything and cannot make the report fail), and the decision is the sweeper's own pure
/// <see cref="EscalationSweep.Decide"/>. So the report-time checkpoint (or, for a late report, the most severe one
/// passed) is recorded with the report, its alerts leave through the outbox of that same transaction, and the
/// incident's wake-up row exists from its first commit: a new incident never waits behind a backlog of replan
/// signals, and a report costs the sweeper nothing until its next checkpoint falls due.
/// </summary>
public sealed class SweepAtReport(EscalationPolicy policy, IOptions<EscalationOptions> options, BreachDeskMetrics metrics, string schema)
{
    /// <summary>What the first sweep decided, and the alerts it sends (publish them on the session's outbox).</summary>
    public sealed record Plan(SweepDecision Decision, IReadOnlyList<DeliverAlert> Alerts);

    public Plan Decide(IncidentReported reported, DateTimeOffset now)
    {
        var incident = Incident.From(reported);
        var decision = EscalationSweep.Decide(incident, log: null, policy, now);
        var planned = AlertPlan.ForSweep(decision.Events, incident, log: null, options.Value);
        // The events as stored name whom they paged (decision 0035).
        return new Plan(decision with { Events = planned.Events }, planned.Alerts);
    }

    /// <summary>Whether the first sweep is recorded with the report (true), or left to the sweeper by a replan signal.</summary>
    public static bool InReport(Plan plan) => plan.Alerts.Count == 0;

    /// <summary>
    /// Queues the log's first events, their escalation views and the wake-up in <paramref name="session"/>, beside the
    /// report's event; the report saves it as <see cref="Infrastructure.Database.WrittenByCommand"/>. A first sweep
    /// that alerts someone is left to the sweeper instead (a replan signal, as before): publishing through
    /// Wolverine's outbox from the report's request hung reports under load in the fault and late-report tests
    /// (the same batch re-executed against the hash chain's key), and was not understood in time.
    /// </summary>
    public void Queue(IDocumentSession session, Guid incidentId, Plan plan)
    {
        if (!InReport(plan))
        {
            session.QueueSqlCommand(SweepNotices.InsertReplanSql(schema), incidentId, incidentId);
            return;
        }
        if (plan.Decision.Events.Count > 0)
        {
            session.Events.StartStream<IncidentEscalations>(EscalationIds.LogOf(incidentId), plan.Decision.Events.ToArray());
            // The escalation view's rows of a log that starts now: the projection leaves the report's save alone
            // (decision 0037), because it would only read for rows that cannot exist yet.
            session.Insert(EscalationViewProjection.ForNewLog(plan.Decision.Events));
        }
        WakeUps.Queue(session, schema, incidentId, plan.Decision.Next);
    }

    /// <summary>After the commit: count what was raised, as the sweeper does.</summary>
    public void Committed(Plan plan)
    {
        if (!InReport(plan)) return;
        foreach (var raised in plan.Decision.Events.OfType<EscalationRaised>()) metrics.EscalationRaised(raised.Deadline.ToString().ToLowerInvariant());
    }
}
