using BreachDesk.Deadlines;
using BreachDesk.Incidents;
using BreachDesk.Reporting;

namespace BreachDesk.Tests.Reporting;

public class ReportIncidentTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-06-01T12:00:00Z");

    private static ReportIncident Valid() => new("Lost laptop", "A laptop was left on a train.",
        DiscoveredAt: Now.AddHours(-1), OccurredAt: Now.AddHours(-3), Systems: ["crm", " CRM ", "hr"]);

    [Fact]
    public void A_complete_report_is_valid_and_becomes_the_first_event()
    {
        var command = Valid();
        Assert.True(command.Validate(Now).IsEmpty);

        var reported = command.Decide(Guid.NewGuid(), "BD-2026-0007", DeadlinePolicy.Default, "dev-reporter", Now);
        Assert.Equal("BD-2026-0007", reported.Reference);
        Assert.Equal(Now, reported.ReportedAt);
        Assert.Equal("dev-reporter", reported.ReportedBy);
        Assert.Equal(IncidentSource.Staff, reported.Source);
        Assert.Equal(["crm", "hr"], reported.Systems);
    }

    [Fact]
    public void Every_missing_required_field_is_named()
    {
        var errors = new ReportIncident(null, " ", null).Validate(Now).ToDictionary();
        Assert.Equal(["description", "discoveredAt", "title"], errors.Keys.Order());
    }

    [Fact]
    public void Times_in_the_future_beyond_clock_skew_are_refused_and_within_it_accepted()
    {
        Assert.True((Valid() with { DiscoveredAt = Now.AddMinutes(4), OccurredAt = Now.AddMinutes(3) }).Validate(Now).IsEmpty);

        var errors = (Valid() with { DiscoveredAt = Now.AddMinutes(6), OccurredAt = Now.AddHours(1) }).Validate(Now);
        Assert.True(errors.Has("discoveredAt"));
        Assert.True(errors.Has("occurredAt"));
    }

    [Fact]
    public void Occurrence_after_discovery_is_refused()
    {
        var errors = (Valid() with { OccurredAt = Now.AddMinutes(-30), DiscoveredAt = Now.AddHours(-1) }).Validate(Now);
        Assert.Equal(["occurredAt"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void Oversized_texts_and_blank_systems_are_refused_by_name()
    {
        var errors = (Valid() with
        {
            Title = new string('x', ReportIncident.MaxTitleLength + 1),
            Systems = ["ok", ""],
        }).Validate(Now);
        Assert.Equal(["systems[1]", "title"], errors.ToDictionary().Keys.Order());
    }
}
