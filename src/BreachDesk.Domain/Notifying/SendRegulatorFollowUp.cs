using BreachDesk.Incidents;
using BreachDesk.Validation;

namespace BreachDesk.Notifying;

/// <summary>Further information given to the regulator in phases after the initial report (Art. 33(4)).</summary>
public sealed record SendRegulatorFollowUp(DateTimeOffset? SentAt, string? Information) : IIncidentCommand<RegulatorFollowUpSent>
{
    public ValidationErrors Validate(Incident incident, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        errors.ActionTime("sentAt", SentAt, incident.DiscoveredAt, now);
        errors.RequireText("information", Information, Limits.LongText);
        return errors;
    }

    public RegulatorFollowUpSent Decide(Incident incident, string actor, DateTimeOffset now)
    {
        incident.EnsureOpen("sending a follow-up to the regulator");
        if (incident.RegulatorNotifiedAt is null)
            throw new IncidentConflictException("The regulator has not been notified yet; a follow-up needs an initial report first.");
        return new RegulatorFollowUpSent(incident.Id, SentAt!.Value, Information!.Trim(), now, actor);
    }
}
