using BreachDesk.Deadlines;
using BreachDesk.Incidents;
using BreachDesk.Notifying;

namespace BreachDesk.Tests.Notifying;

public class RecordDpoNoticeSentTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-06-01T12:00:00Z");
    private static readonly Incident Open = new(Guid.NewGuid(), IncidentStatus.Open, Now.AddHours(-4), null, DeadlinePolicy.Default);
    private static readonly RecordDpoNoticeSent Sent = new(Now.AddSeconds(-2), 3, "dpo@example.org", "Autocomplete.", "Contact details.");

    [Fact]
    public void A_sent_notice_is_an_email_notice_naming_the_draft_version_and_the_recipient_at_the_time_the_server_took_it()
    {
        var notified = Sent.Decide(Open, "dev-oncall", Now);
        Assert.Equal(("email", 3, "dpo@example.org"), (notified.Channel, notified.DraftVersion, notified.Recipient));
        Assert.Equal(Now.AddSeconds(-2), notified.NotifiedAt);
        Assert.Equal(Now, notified.RecordedAt);
        Assert.Equal("dev-oncall", notified.Actor);
    }

    [Fact]
    public void The_first_notice_meets_the_clock_and_a_sent_one_after_it_does_not_move_it()
    {
        var first = Incident.Evolve(Open, new DpoNotified(Open.Id, Now.AddHours(-3), "phone", "how", "impact", Now, "dpo"))!;
        var after = Incident.Evolve(first, Sent.Decide(first, "dpo", Now))!;
        Assert.Equal(Now.AddHours(-3), after.DpoNotifiedAt);
    }

    [Fact]
    public void A_closed_incident_cannot_record_a_sent_notice() =>
        Assert.Throws<IncidentConflictException>(() => Sent.Decide(Open with { Status = IncidentStatus.Closed }, "dpo", Now));
}
