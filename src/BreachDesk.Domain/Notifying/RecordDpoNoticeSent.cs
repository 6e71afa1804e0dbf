using BreachDesk.Incidents;
using BreachDesk.Validation;

namespace BreachDesk.Notifying;

/// <summary>
/// Records that BreachDesk e-mailed version <paramref name="DraftVersion"/> of the DPO-notice draft to
/// <paramref name="Recipient"/>, accepted by the mail server at <paramref name="SentAt"/>. As with a notice recorded by
/// hand, the first one meets the DPO deadline and a later one is kept as a further notice.
/// </summary>
/// <param name="HowItOccurred">What the sent notice said under "how it occurred", as plain text.</param>
/// <param name="LikelyImpact">What the sent notice said under "likely impact", as plain text.</param>
public sealed record RecordDpoNoticeSent(
    DateTimeOffset SentAt, int DraftVersion, string Recipient, string HowItOccurred, string LikelyImpact) : IIncidentCommand<DpoNotified>
{
    public const string Channel = "email";

    public ValidationErrors Validate(Incident incident, DateTimeOffset now) => new();

    public DpoNotified Decide(Incident incident, string actor, DateTimeOffset now)
    {
        incident.EnsureOpen("sending the DPO notice");
        return new DpoNotified(incident.Id, SentAt, Channel, HowItOccurred, LikelyImpact, now, actor, DraftVersion, Recipient);
    }
}
