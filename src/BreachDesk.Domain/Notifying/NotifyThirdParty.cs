using BreachDesk.Incidents;
using BreachDesk.Validation;

namespace BreachDesk.Notifying;

/// <summary>A third party told under a data-sharing agreement, or a controller we process for (Art. 33(2)).</summary>
public sealed record NotifyThirdParty(string? Party, string? Agreement, DateTimeOffset? NotifiedAt) : IIncidentCommand<ThirdPartyNotified>
{
    public ValidationErrors Validate(Incident incident, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        errors.RequireText("party", Party, Limits.ShortText);
        errors.RequireText("agreement", Agreement, Limits.ShortText);
        errors.ActionTime("notifiedAt", NotifiedAt, incident.DiscoveredAt, now);
        return errors;
    }

    public ThirdPartyNotified Decide(Incident incident, string actor, DateTimeOffset now)
    {
        incident.EnsureOpen("notifying a third party");
        return new ThirdPartyNotified(incident.Id, Party!.Trim(), Agreement!.Trim(), NotifiedAt!.Value, now, actor);
    }
}
