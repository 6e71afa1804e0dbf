using BreachDesk.Incidents;
using BreachDesk.Validation;

namespace BreachDesk.Notifying;

/// <summary>
/// Records that the DPO was told in writing, as the policy requires within 6 hours: (i) what happened is the
/// incident itself, (ii) how it occurred and (iii) its likely impact are part of the notice. The first notice
/// meets the DPO deadline; later ones are kept as further notices.
/// </summary>
public sealed record NotifyDpo(DateTimeOffset? NotifiedAt, string? Channel, string? HowItOccurred, string? LikelyImpact) : IIncidentCommand<DpoNotified>
{
    public ValidationErrors Validate(Incident incident, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        errors.ActionTime("notifiedAt", NotifiedAt, incident.DiscoveredAt, now);
        errors.RequireText("channel", Channel, Limits.ShortText);
        errors.RequireText("howItOccurred", HowItOccurred, Limits.LongText);
        errors.RequireText("likelyImpact", LikelyImpact, Limits.LongText);
        return errors;
    }

    public DpoNotified Decide(Incident incident, string actor, DateTimeOffset now)
    {
        incident.EnsureOpen("recording a DPO notice");
        return new DpoNotified(incident.Id, NotifiedAt!.Value, Channel!.Trim(), HowItOccurred!.Trim(), LikelyImpact!.Trim(), now, actor);
    }
}
