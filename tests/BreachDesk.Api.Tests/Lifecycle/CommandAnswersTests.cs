using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Lifecycle;

/// <summary>
/// A command's answer is made in memory from the view it read and the event it appended, not read back after the
/// commit: what a client is answered must be exactly what anyone reads next.
/// </summary>
[Collection("service")]
public class CommandAnswersTests(ServiceFixture fixture)
{
    [Fact]
    public async Task Each_commands_answer_is_the_incident_as_stored()
    {
        var incident = await IncidentClient.Reported(fixture.Service, new
        {
            title = "Laptop stolen", description = "An unencrypted laptop with payroll exports was stolen from a car.",
            discoveredAt = Iso(HoursAgo(2)), occurredAt = Iso(HoursAgo(3)), source = "staff", systems = new[] { "payroll" },
        });

        var answers = new[]
        {
            await incident.Do("containment", new { action = "Remote wipe requested.", takenAt = Iso(HoursAgo(1.5)) }, "dev-oncall"),
            await incident.Do("dpo-notification", new
            {
                notifiedAt = Iso(HoursAgo(1)), channel = "phone", howItOccurred = "Theft from a car.", likelyImpact = "Payroll data exposed.",
            }, "dev-reporter"),
            await incident.Do("risk-assessment", new { level = "high", rationale = "Bank details of staff, unencrypted." }),
        };

        for (var i = 0; i < answers.Length; i++) Assert.Equal(i + 2, answers[i]["version"]!.GetValue<long>());
        Assert.Equal((await incident.View()).ToJsonString(), answers[^1].ToJsonString());
    }
}
