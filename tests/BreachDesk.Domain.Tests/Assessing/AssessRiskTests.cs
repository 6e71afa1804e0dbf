using BreachDesk.Assessing;
using BreachDesk.Deadlines;
using BreachDesk.Incidents;

namespace BreachDesk.Tests.Assessing;

public class AssessRiskTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-06-01T12:00:00Z");
    private static readonly Incident Open = new(Guid.NewGuid(), IncidentStatus.Open, Now.AddDays(-1), null, DeadlinePolicy.Default);

    [Theory]
    [InlineData(RiskLevel.None)]
    [InlineData(RiskLevel.Risk)]
    [InlineData(RiskLevel.High)]
    public void The_DPO_decision_records_the_level_and_the_rationale(RiskLevel level)
    {
        var command = new AssessRisk(level, "  Encrypted, key safe  ");
        Assert.True(command.Validate().IsEmpty);

        var assessed = command.Decide(Open, "dpo", Now);
        Assert.Equal(Open.Id, assessed.IncidentId);
        Assert.Equal(level, assessed.Level);
        Assert.Equal("Encrypted, key safe", assessed.Rationale);
        Assert.Equal(Now, assessed.AssessedAt);
        Assert.Equal("dpo", assessed.Actor);
    }

    [Fact]
    public void The_level_and_the_rationale_are_required()
    {
        var errors = new AssessRisk(null, " ").Validate();
        Assert.Equal(["level", "rationale"], errors.ToDictionary().Keys.Order());
    }

    [Fact]
    public void A_later_assessment_replaces_the_earlier_one()
    {
        var first = Incident.Evolve(Open, new AssessRisk(RiskLevel.None, "x").Decide(Open, "dpo", Now))!;
        var second = Incident.Evolve(first, new AssessRisk(RiskLevel.High, "y").Decide(first, "dpo", Now))!;
        Assert.Equal(RiskLevel.None, first.Risk);
        Assert.Equal(RiskLevel.High, second.Risk);
    }

    [Fact]
    public void A_closed_incident_cannot_be_assessed()
    {
        var closed = Open with { Status = IncidentStatus.Closed, Risk = RiskLevel.Risk };
        Assert.Throws<IncidentConflictException>(() => new AssessRisk(RiskLevel.High, "new facts").Decide(closed, "dpo", Now));
    }
}
