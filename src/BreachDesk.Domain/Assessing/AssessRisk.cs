using BreachDesk.Incidents;
using BreachDesk.Validation;

namespace BreachDesk.Assessing;

/// <summary>
/// The DPO's risk decision. <c>none</c> means the breach is unlikely to result in a risk to people, so the
/// regulator need not be told (Art. 33(1)); <c>risk</c> or <c>high</c> makes that deadline apply again.
/// </summary>
public sealed record AssessRisk(RiskLevel? Level, string? Rationale) : IIncidentCommand<RiskAssessed>
{
    /// <summary>What is asked is checked on its own; the incident's state is the decision's concern.</summary>
    ValidationErrors IIncidentCommand<RiskAssessed>.Validate(Incident incident, DateTimeOffset now) => Validate();

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        errors.Require("level", Level);
        errors.RequireText("rationale", Rationale, Limits.LongText);
        return errors;
    }

    public RiskAssessed Decide(Incident incident, string actor, DateTimeOffset now)
    {
        incident.EnsureOpen("assessing the risk");
        return new RiskAssessed(incident.Id, Level!.Value, Rationale!.Trim(), now, actor);
    }
}
