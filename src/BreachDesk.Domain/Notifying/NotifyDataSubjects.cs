using BreachDesk.Assessing;
using BreachDesk.Incidents;
using BreachDesk.Validation;

namespace BreachDesk.Notifying;

/// <summary>
/// People told about the breach (Art. 34). Required when the risk to them is high; allowed, and recorded as
/// such, when the DPO assessed a lower risk or none yet (an organisation may choose to tell them).
/// </summary>
public sealed record NotifyDataSubjects(DateTimeOffset? SentAt, string? Channel, int? Recipients) : IIncidentCommand<DataSubjectsNotified>
{
    public ValidationErrors Validate(Incident incident, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        errors.ActionTime("sentAt", SentAt, incident.DiscoveredAt, now);
        errors.RequireText("channel", Channel, Limits.ShortText);
        errors.Require("recipients", Recipients);
        if (Recipients < 1) errors.Add("recipients", "'recipients' must be at least 1.");
        return errors;
    }

    public DataSubjectsNotified Decide(Incident incident, string actor, DateTimeOffset now)
    {
        incident.EnsureOpen("notifying data subjects");
        return new DataSubjectsNotified(incident.Id, SentAt!.Value, Channel!.Trim(), Recipients!.Value,
            WithoutHighRisk: incident.Risk != RiskLevel.High, now, actor);
    }
}
