using BreachDesk.Incidents;
using BreachDesk.Validation;

namespace BreachDesk.Incidents;

/// <summary>The <c>status</c> query value of the list and the register: open, closed or all.</summary>
public static class StatusFilter
{
    /// <summary>The filter for the value given (or the default); a bad value is named in <paramref name="errors"/>.</summary>
    public static Func<IQueryable<IncidentView>, IQueryable<IncidentView>> Parse(ValidationErrors errors, string? status, string fallback)
    {
        switch ((status ?? fallback).ToLowerInvariant())
        {
            case "open": return query => query.Where(x => x.Status == IncidentStatus.Open);
            case "closed": return query => query.Where(x => x.Status == IncidentStatus.Closed);
            case "all": return query => query;
            default:
                errors.Add("status", "'status' must be one of: open, closed, all.");
                return query => query;
        }
    }
}
