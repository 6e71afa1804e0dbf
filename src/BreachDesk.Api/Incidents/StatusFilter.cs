using BreachDesk.Incidents;
using BreachDesk.Validation;

namespace BreachDesk.Incidents;

/// <summary>The <c>status</c> query value of the list and the register: open, closed or all.</summary>
public static class StatusFilter
{
    /// <summary>The status asked for (or the default); null means all. A bad value is named in <paramref name="errors"/>.</summary>
    public static IncidentStatus? Parse(ValidationErrors errors, string? status, string fallback)
    {
        switch ((status ?? fallback).ToLowerInvariant())
        {
            case "open": return IncidentStatus.Open;
            case "closed": return IncidentStatus.Closed;
            case "all": return null;
            default:
                errors.Add("status", "'status' must be one of: open, closed, all.");
                return null;
        }
    }

    public static IQueryable<IncidentView> WithStatus(this IQueryable<IncidentView> query, IncidentStatus? status) =>
        status is { } wanted ? query.Where(x => x.Status == wanted) : query;
}
