using BreachDesk.Deadlines;
using BreachDesk.Incidents;
using Microsoft.Extensions.Time.Testing;

namespace BreachDesk.Tests.Deadlines;

/// <summary>The default rules of API.md: DPO 6 h and regulator 72 h from occurrence, discovery as the fallback,
/// the statutory 72 h always from discovery.</summary>
public class DeadlineRulesTests
{
    private static readonly DeadlinePolicy Policy = DeadlinePolicy.Default;
    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text);

    [Fact]
    public void Known_occurrence_starts_both_clocks_and_the_statutory_clock_starts_at_discovery()
    {
        var deadlines = DeadlineRules.Compute(discoveredAt: Utc("2026-03-02T10:00:00Z"), occurredAt: Utc("2026-03-02T08:00:00Z"), Policy);

        Assert.Equal(Utc("2026-03-02T14:00:00Z"), deadlines.Dpo.DueAt);
        Assert.Equal(DeadlineBasis.Occurrence, deadlines.Dpo.Basis);
        Assert.Equal(Utc("2026-03-05T08:00:00Z"), deadlines.Regulator.DueAt);
        Assert.Equal(Utc("2026-03-05T10:00:00Z"), deadlines.Regulator.StatutoryDueAt);
        Assert.Equal(DeadlineBasis.Occurrence, deadlines.Regulator.Basis);
    }

    [Fact]
    public void Unknown_occurrence_counts_from_discovery()
    {
        var deadlines = DeadlineRules.Compute(Utc("2026-03-02T10:00:00Z"), occurredAt: null, Policy);

        Assert.Equal(Utc("2026-03-02T16:00:00Z"), deadlines.Dpo.DueAt);
        Assert.Equal(DeadlineBasis.Discovery, deadlines.Dpo.Basis);
        Assert.Equal(Utc("2026-03-05T10:00:00Z"), deadlines.Regulator.DueAt);
        Assert.Equal(deadlines.Regulator.DueAt, deadlines.Regulator.StatutoryDueAt);
        Assert.Equal(DeadlineBasis.Discovery, deadlines.Regulator.Basis);
    }

    [Fact]
    public void Revising_the_occurrence_earlier_or_later_moves_both_deadlines_but_not_the_statutory_one()
    {
        var reported = Reported(discoveredAt: Utc("2026-03-02T10:00:00Z"), occurredAt: Utc("2026-03-02T08:00:00Z"));
        var incident = Incident.From(reported);

        var earlier = Incident.Evolve(incident, Revision(incident, Utc("2026-03-01T22:00:00Z")))!;
        var earlierDeadlines = DeadlineRules.Compute(earlier.DiscoveredAt, earlier.OccurredAt, earlier.Policy);
        Assert.Equal(Utc("2026-03-02T04:00:00Z"), earlierDeadlines.Dpo.DueAt);
        Assert.Equal(Utc("2026-03-04T22:00:00Z"), earlierDeadlines.Regulator.DueAt);
        Assert.Equal(Utc("2026-03-05T10:00:00Z"), earlierDeadlines.Regulator.StatutoryDueAt);

        var later = Incident.Evolve(earlier, Revision(earlier, Utc("2026-03-02T09:30:00Z")))!;
        var laterDeadlines = DeadlineRules.Compute(later.DiscoveredAt, later.OccurredAt, later.Policy);
        Assert.Equal(Utc("2026-03-02T15:30:00Z"), laterDeadlines.Dpo.DueAt);
        Assert.Equal(Utc("2026-03-05T09:30:00Z"), laterDeadlines.Regulator.DueAt);
        Assert.Equal(Utc("2026-03-05T10:00:00Z"), laterDeadlines.Regulator.StatutoryDueAt);
    }

    [Fact]
    public void An_incident_reported_after_its_dpo_deadline_is_missed_from_the_start_while_the_regulator_clock_is_pending()
    {
        var clock = new FakeTimeProvider(Utc("2026-03-02T20:00:00Z"));
        var deadlines = DeadlineRules.Compute(Utc("2026-03-02T12:00:00Z"), Utc("2026-03-02T09:00:00Z"), Policy);

        Assert.Equal(DeadlineStatus.Missed, DeadlineRules.Evaluate(deadlines.Dpo.DueAt, null, required: true, clock.GetUtcNow()));
        Assert.Equal(DeadlineStatus.Pending, DeadlineRules.Evaluate(deadlines.Regulator.DueAt, null, required: true, clock.GetUtcNow()));
    }

    [Fact]
    public void A_pending_deadline_becomes_missed_the_moment_it_passes_as_the_clock_advances()
    {
        var clock = new FakeTimeProvider(Utc("2026-03-02T08:00:00Z"));
        var due = DeadlineRules.Compute(Utc("2026-03-02T08:00:00Z"), null, Policy).Dpo.DueAt;

        clock.Advance(TimeSpan.FromHours(6));
        Assert.Equal(DeadlineStatus.Pending, DeadlineRules.Evaluate(due, null, true, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(DeadlineStatus.Missed, DeadlineRules.Evaluate(due, null, true, clock.GetUtcNow()));
    }

    [Theory]
    [InlineData("2026-03-02T13:59:59Z", DeadlineStatus.Met)]
    [InlineData("2026-03-02T14:00:00Z", DeadlineStatus.Met)]
    [InlineData("2026-03-02T14:00:01Z", DeadlineStatus.MetLate)]
    public void A_deadline_is_met_on_or_before_its_due_time_and_met_late_after_it(string metAt, DeadlineStatus expected)
    {
        var due = Utc("2026-03-02T14:00:00Z");
        Assert.Equal(expected, DeadlineRules.Evaluate(due, Utc(metAt), required: true, now: Utc("2026-03-09T00:00:00Z")));
    }

    [Fact]
    public void A_deadline_that_no_longer_applies_is_not_required_even_when_past()
    {
        Assert.Equal(DeadlineStatus.NotRequired,
            DeadlineRules.Evaluate(Utc("2026-03-02T14:00:00Z"), null, required: false, now: Utc("2026-03-09T00:00:00Z")));
    }

    [Fact]
    public void Offsets_other_than_utc_give_the_same_instants_and_results_are_in_utc()
    {
        // 09:00 in New York (UTC-5) and 19:30 in Kolkata (UTC+5:30) are both 14:00 UTC.
        var fromNewYork = DeadlineRules.Compute(Utc("2026-03-02T09:00:00-05:00"), Utc("2026-03-02T08:00:00-05:00"), Policy);
        var fromKolkata = DeadlineRules.Compute(Utc("2026-03-02T19:30:00+05:30"), Utc("2026-03-02T18:30:00+05:30"), Policy);

        Assert.Equal(fromNewYork, fromKolkata);
        Assert.Equal(TimeSpan.Zero, fromNewYork.Dpo.DueAt.Offset);
        Assert.Equal(Utc("2026-03-02T19:00:00Z"), fromNewYork.Dpo.DueAt);
        Assert.Equal(Utc("2026-03-05T14:00:00Z"), fromNewYork.Regulator.StatutoryDueAt);
    }

    [Fact]
    public void A_daylight_saving_change_inside_the_window_does_not_stretch_or_shrink_it()
    {
        // UK clocks go back on 2026-10-25 at 02:00 BST (01:00 UTC). A breach at 22:00 BST on the 24th
        // is due 72 elapsed hours later: 21:00 UTC on the 27th, which London's wall clock shows as 21:00 GMT,
        // not 22:00 as naive wall-clock arithmetic would give.
        var occurred = Utc("2026-10-24T22:00:00+01:00");
        var deadlines = DeadlineRules.Compute(occurred, occurred, Policy);

        Assert.Equal(Utc("2026-10-27T21:00:00Z"), deadlines.Regulator.DueAt);
        Assert.Equal(TimeSpan.FromHours(72), deadlines.Regulator.DueAt - occurred);

        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        Assert.Equal(21, TimeZoneInfo.ConvertTime(deadlines.Regulator.DueAt, london).Hour);
    }

    [Fact]
    public void A_daylight_saving_change_inside_the_six_hour_window_gives_six_elapsed_hours()
    {
        // Clocks go forward on 2026-03-29 at 01:00 GMT. 23:30 GMT on the 28th + 6 h = 05:30 UTC = 06:30 BST.
        var occurred = Utc("2026-03-28T23:30:00+00:00");
        var due = DeadlineRules.Compute(occurred, occurred, Policy).Dpo.DueAt;

        Assert.Equal(Utc("2026-03-29T05:30:00Z"), due);
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        Assert.Equal(new TimeSpan(6, 30, 0), TimeZoneInfo.ConvertTime(due, london).TimeOfDay);
    }

    [Fact]
    public void A_stricter_organisation_policy_is_honoured_while_the_statutory_window_stays_72_hours()
    {
        var strict = new DeadlinePolicy(TimeSpan.FromHours(2), TimeSpan.FromHours(24), TimeSpan.FromHours(72));
        var deadlines = DeadlineRules.Compute(Utc("2026-03-02T10:00:00Z"), Utc("2026-03-02T08:00:00Z"), strict);

        Assert.Equal(Utc("2026-03-02T10:00:00Z"), deadlines.Dpo.DueAt);
        Assert.Equal(Utc("2026-03-03T08:00:00Z"), deadlines.Regulator.DueAt);
        Assert.Equal(Utc("2026-03-05T10:00:00Z"), deadlines.Regulator.StatutoryDueAt);
    }

    private static IncidentReported Reported(DateTimeOffset discoveredAt, DateTimeOffset? occurredAt) =>
        new(Guid.NewGuid(), "BD-2026-0001", "t", "d", discoveredAt, occurredAt, false, IncidentSource.Staff, [], "someone",
            discoveredAt, Policy, "someone");

    private static OccurrenceTimeRevised Revision(Incident incident, DateTimeOffset occurredAt) =>
        new(incident.Id, incident.OccurredAt, occurredAt, false, "new evidence", occurredAt, "someone");
}
