namespace BreachDesk.Deadlines;

/// <summary>
/// How long the organisation allows for each notification. The policy in force when an incident is
/// reported is recorded on its <c>IncidentReported</c> event, so that a later change of configuration
/// never rewrites the deadlines of incidents already on record (and a projection rebuild gives the same answer).
/// </summary>
public sealed record DeadlinePolicy(TimeSpan DpoNoticeWithin, TimeSpan RegulatorNoticeWithin, TimeSpan StatutoryRegulatorNoticeWithin)
{
    /// <summary>The policy's 6 hours to tell the DPO in writing; 72 hours to tell the ICO (UK GDPR Art. 33(1)).</summary>
    public static DeadlinePolicy Default { get; } = new(TimeSpan.FromHours(6), TimeSpan.FromHours(72), TimeSpan.FromHours(72));
}
