using BreachDesk.Validation;

namespace BreachDesk.Infrastructure.Http;

/// <summary>Query values are taken as text and parsed here, so a bad one is a 400 that names it.</summary>
public static class Paging
{
    public static int Parse(ValidationErrors errors, string field, string? text, int fallback, int max)
    {
        if (text is null) return fallback;
        if (int.TryParse(text, out var value) && value >= 1 && value <= max) return value;
        errors.Add(field, $"'{field}' must be a whole number from 1 to {max}.");
        return fallback;
    }
}
