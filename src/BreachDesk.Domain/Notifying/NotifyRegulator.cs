using BreachDesk.Assessing;
using BreachDesk.Incidents;
using BreachDesk.Validation;

namespace BreachDesk.Notifying;

/// <summary>
/// The initial report to the supervisory authority. After the statutory 72 hours from awareness it must give
/// the reasons for the delay (Art. 33(1)). When the DPO assessed no risk it is still allowed, and recorded as
/// voluntary. Anything learnt afterwards goes in a follow-up (Art. 33(4)), not a second initial report.
/// </summary>
/// <remarks>Only <c>submittedAt</c> is always required; <c>lateReason</c> becomes required once the report is late.</remarks>
public sealed record NotifyRegulator(DateTimeOffset? SubmittedAt, string? Regulator = null, string? Reference = null, string? LateReason = null) : IIncidentCommand<RegulatorNotified>
{
    public const string DefaultRegulator = "ICO";

    public ValidationErrors Validate(Incident incident, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        errors.ActionTime("submittedAt", SubmittedAt, incident.DiscoveredAt, now);
        errors.OptionalText("regulator", Regulator, Limits.ShortText);
        errors.OptionalText("reference", Reference, Limits.ShortText);
        errors.OptionalText("lateReason", LateReason, Limits.LongText);
        if (SubmittedAt > incident.StatutoryRegulatorDueAt() && string.IsNullOrWhiteSpace(LateReason))
            errors.Add("lateReason",
                $"'lateReason' is required: the report was submitted after the statutory deadline " +
                $"({incident.StatutoryRegulatorDueAt().UtcDateTime:yyyy-MM-dd HH:mm} UTC), and Art. 33(1) requires the reasons for the delay.");
        return errors;
    }

    public RegulatorNotified Decide(Incident incident, string actor, DateTimeOffset now)
    {
        incident.EnsureOpen("notifying the regulator");
        if (incident.RegulatorNotifiedAt is not null)
            throw new IncidentConflictException("The regulator has already been notified; send further information as a follow-up.");
        return new RegulatorNotified(
            incident.Id, SubmittedAt!.Value,
            string.IsNullOrWhiteSpace(Regulator) ? DefaultRegulator : Regulator.Trim(),
            Reference?.Trim(), LateReason?.Trim(),
            Voluntary: incident.Risk == RiskLevel.None,
            now, actor);
    }
}
