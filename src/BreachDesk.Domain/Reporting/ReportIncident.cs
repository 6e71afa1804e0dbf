using BreachDesk.Deadlines;
using BreachDesk.Incidents;
using BreachDesk.Validation;

namespace BreachDesk.Reporting;

/// <summary>
/// Security staff (or a tool) report a breach. Every field is nullable so that a missing field is reported
/// by name instead of silently becoming a default value such as 0001-01-01.
/// </summary>
public sealed record ReportIncident(
    string? Title,
    string? Description,
    DateTimeOffset? DiscoveredAt,
    DateTimeOffset? OccurredAt = null,
    bool? OccurredAtIsEstimate = null,
    IncidentSource? Source = null,
    IReadOnlyList<string?>? Systems = null,
    string? ReportedBy = null)
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 20_000;
    public const int MaxSystems = 100;
    public const int MaxNameLength = 200;

    public ValidationErrors Validate(DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        errors.RequireText("title", Title, MaxTitleLength);
        errors.RequireText("description", Description, MaxDescriptionLength);
        errors.Require("discoveredAt", DiscoveredAt);
        errors.NotInFuture("discoveredAt", DiscoveredAt, now);
        errors.NotInFuture("occurredAt", OccurredAt, now);
        if (OccurredAt > DiscoveredAt)
            errors.Add("occurredAt", "'occurredAt' may not be after 'discoveredAt': a breach is discovered after it occurs.");
        if (OccurredAt is null && OccurredAtIsEstimate == true)
            errors.Add("occurredAtIsEstimate", "'occurredAtIsEstimate' needs an 'occurredAt' to qualify.");
        errors.OptionalText("reportedBy", ReportedBy, MaxNameLength);

        if (Systems is { Count: > MaxSystems })
            errors.Add("systems", $"'systems' may list at most {MaxSystems} systems.");
        for (var i = 0; i < (Systems?.Count ?? 0); i++)
            errors.RequireText($"systems[{i}]", Systems![i], MaxNameLength);

        return errors;
    }

    /// <summary>The decision: a valid report becomes the first event of a new incident stream.</summary>
    public IncidentReported Decide(Guid incidentId, string reference, DeadlinePolicy policy, string actor, DateTimeOffset now) =>
        new(incidentId,
            reference,
            Title!.Trim(),
            Description!.Trim(),
            DiscoveredAt!.Value,
            OccurredAt,
            OccurredAt is not null && OccurredAtIsEstimate == true,
            Source ?? IncidentSource.Staff,
            (Systems ?? []).Select(s => s!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
            string.IsNullOrWhiteSpace(ReportedBy) ? actor : ReportedBy.Trim(),
            now,
            policy,
            actor);
}
