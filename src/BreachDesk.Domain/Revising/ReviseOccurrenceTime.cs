using BreachDesk.Incidents;
using BreachDesk.Validation;

namespace BreachDesk.Revising;

/// <summary>
/// What staff learn later about when the breach really happened. Both deadlines are recomputed from the
/// new time; the reason is kept because the regulator may ask why a clock moved.
/// </summary>
/// <remarks><c>IsEstimate</c> is optional (false when left out), so it comes last with a default.</remarks>
public sealed record ReviseOccurrenceTime(DateTimeOffset? OccurredAt, string? Reason, bool? IsEstimate = null) : IIncidentCommand<OccurrenceTimeRevised>
{
    public const int MaxReasonLength = 2_000;

    public ValidationErrors Validate(Incident incident, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        errors.Require("occurredAt", OccurredAt);
        errors.NotInFuture("occurredAt", OccurredAt, now);
        if (OccurredAt > incident.DiscoveredAt)
            errors.Add("occurredAt", "'occurredAt' may not be after the incident's 'discoveredAt'.");
        errors.RequireText("reason", Reason, MaxReasonLength);
        return errors;
    }

    public OccurrenceTimeRevised Decide(Incident incident, string actor, DateTimeOffset now)
    {
        incident.EnsureOpen("revising when the breach occurred");
        return new OccurrenceTimeRevised(incident.Id, incident.OccurredAt, OccurredAt!.Value, IsEstimate ?? false, Reason!.Trim(), now, actor);
    }
}
