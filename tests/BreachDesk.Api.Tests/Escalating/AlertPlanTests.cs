using BreachDesk.Deadlines;
using BreachDesk.Escalating;
using BreachDesk.Escalating.Alerts;
using BreachDesk.Incidents;

namespace BreachDesk.Tests.Escalating;

/// <summary>
/// Whom the alert plan tells that a clock stopped (decision 0035), without a database: the targets its raises and
/// repeats recorded as paged; every target for an escalation recorded before who was paged was.
/// </summary>
public class AlertPlanTests
{
    private static readonly DateTimeOffset Reported = DateTimeOffset.Parse("2026-12-01T10:00:00Z");

    private static readonly Incident Incident = Incident.From(new IncidentReported(Guid.NewGuid(), "BD-2026-0042", "t", "d",
        Reported.AddHours(-1), null, false, IncidentSource.Staff, [], "r", Reported, DeadlinePolicy.Default, "r"));

    /// <summary>Levels 1 and 3 on-call (PagerDuty, Slack), level 4 adds the executive (webhook); the deputy (webhook) is on none of them.</summary>
    private static EscalationOptions Options(string level1 = "oncall-primary") => new()
    {
        Levels = new() { ["1"] = [level1], ["3"] = ["oncall-primary"], ["4"] = ["oncall-primary", "executive"] },
        Targets = new(TargetNames.Comparer)
        {
            ["oncall-primary"] = [new() { Channel = "pagerduty", RoutingKey = "k" }, new() { Channel = "slack", Url = "http://slack" }],
            ["executive"] = [new() { Channel = "webhook", Url = "http://exec" }],
            ["dpo-deputy"] = [new() { Channel = "webhook", Url = "http://deputy" }],
        },
    };

    private static EscalationRaised Raise(int level, string key) => new(Incident.Id, EscalationIds.For(Incident.Id, key), Incident.Reference,
        DeadlineKind.Dpo, key, Reported.AddHours(6), level, key, Reported);

    /// <summary>Plans <paramref name="events"/> and folds what it stored into the log, as a sweep's commit does.</summary>
    private static (IncidentEscalations Log, IReadOnlyList<DeliverAlert> Alerts) Sweep(IncidentEscalations? log, EscalationOptions options, params object[] events)
    {
        var planned = AlertPlan.ForSweep(events, Incident, log, options);
        return (planned.Events.Aggregate(log, IncidentEscalations.Evolve)!, planned.Alerts);
    }

    private static EscalationResolved Resolve(IncidentEscalations log, DateTimeOffset at) =>
        log.Escalations.Values.Select(e => new EscalationResolved(Incident.Id, e.Id, DeadlineKind.Dpo, ClockStop.Met, at)).Single();

    [Fact]
    public void A_raise_records_whom_it_paged_and_the_stop_goes_to_their_pagerduty_and_webhook_channels_only()
    {
        var (log, triggers) = Sweep(null, Options(), Raise(1, "reported"));
        Assert.Equal([("oncall-primary", 0), ("oncall-primary", 1)], triggers.Select(a => (a.Target, a.ChannelIndex)));
        Assert.Equal(["oncall-primary"], log.Escalations.Values.Single().Paged!);

        var (_, stop) = Sweep(log, Options(), Resolve(log, Reported.AddHours(1)));
        var resolve = Assert.Single(stop);
        Assert.Equal((AlertKind.Resolve, "oncall-primary", 0), (resolve.Kind, resolve.Target, resolve.ChannelIndex));
    }

    [Fact]
    public void A_raise_that_paged_nobody_is_followed_by_no_alert()
    {
        var (log, triggers) = Sweep(null, Options(level1: "nobody-configured"), Raise(1, "reported"));
        Assert.Empty(triggers);
        Assert.Empty(log.Escalations.Values.Single().Paged!);
        Assert.Empty(Sweep(log, Options(), Resolve(log, Reported.AddHours(1))).Alerts);
    }

    [Fact]
    public void A_repeat_adds_whom_it_paged_so_the_stop_reaches_everyone_either_paged()
    {
        var (log, _) = Sweep(null, Options(), Raise(3, "at-due"));
        var escalation = log.Escalations.Values.Single();
        (log, _) = Sweep(log, Options(), new EscalationRepeated(Incident.Id, escalation.Id, 1, 4, "at-due/1", Reported.AddHours(7)));

        var (_, stop) = Sweep(log, Options(), Resolve(log, Reported.AddHours(8)));
        // Level 3 paged on-call; the level-4 repeat added the executive; the deputy was paged by neither.
        Assert.Equal(["executive", "oncall-primary"], stop.Select(a => a.Target).Order());
    }

    [Fact]
    public void An_escalation_recorded_before_whom_it_paged_was_is_resolved_to_every_target_as_before_with_the_same_alert_ids()
    {
        var legacy = Raise(1, "reported"); // Paged null, as every raise stored before decision 0035
        var log = IncidentEscalations.Evolve(null, legacy);
        var stopped = Resolve(log, Reported.AddHours(1));

        var alerts = AlertPlan.ForSweep([stopped], Incident, log, Options()).Alerts;
        Assert.Equal(["dpo-deputy", "executive", "oncall-primary"], alerts.Select(a => a.Target).Order());
        // Decided again (a retried sweep), the same alerts: receivers de-duplicate on these ids.
        Assert.Equal(alerts.Select(a => a.AlertId), AlertPlan.ForSweep([stopped], Incident, log, Options()).Alerts.Select(a => a.AlertId));
    }

    [Fact]
    public void An_acknowledgement_goes_to_whoever_was_paged_about_the_clock()
    {
        var (log, _) = Sweep(null, Options(), Raise(1, "reported"));
        var escalation = log.Escalations.Values.Single();
        var ack = new EscalationAcknowledged(Incident.Id, escalation.Id, Reported.AddMinutes(5), "dev-oncall");
        var view = new EscalationView
        {
            Id = escalation.Id, IncidentId = Incident.Id, Reference = Incident.Reference, Deadline = DeadlineKind.Dpo,
            Checkpoint = escalation.Checkpoint, DueAt = escalation.DueAt, Level = 1, RaisedAt = Reported,
        };

        var alert = Assert.Single(AlertPlan.Acknowledged(ack, view, log, Options()));
        Assert.Equal((AlertKind.Acknowledge, "oncall-primary", 0), (alert.Kind, alert.Target, alert.ChannelIndex));
    }
}
