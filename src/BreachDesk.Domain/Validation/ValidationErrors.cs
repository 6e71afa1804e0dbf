namespace BreachDesk.Validation;

/// <summary>
/// Field name (as the client spelt it, camelCase) to messages. Collects every problem of a command at once,
/// so a client fixes its request in one round trip.
/// </summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages)) _errors[field] = messages = [];
        messages.Add(message);
        return this;
    }

    public bool Has(string field) => _errors.ContainsKey(field);

    public void RequireText(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, $"'{field}' is required.");
        else OptionalText(field, value, maxLength);
    }

    public void OptionalText(string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength) Add(field, $"'{field}' must be at most {maxLength} characters.");
    }

    public void Require<T>(string field, T? value) where T : struct
    {
        if (value is null) Add(field, $"'{field}' is required.");
    }

    /// <summary>Commands record what already happened; a little clock skew between machines is tolerated.</summary>
    public void NotInFuture(string field, DateTimeOffset? value, DateTimeOffset now)
    {
        if (value is { } v && v > now + AllowedClockSkew)
            Add(field, $"'{field}' lies in the future; it must be a time that has already passed (up to {AllowedClockSkew.TotalMinutes:0} minutes of clock skew are allowed).");
    }

    /// <summary>When something was done about an incident: required, already past, and not before the breach was discovered.</summary>
    public void ActionTime(string field, DateTimeOffset? value, DateTimeOffset discoveredAt, DateTimeOffset now)
    {
        Require(field, value);
        NotInFuture(field, value, now);
        if (value < discoveredAt)
            Add(field, $"'{field}' may not be before the breach was discovered ({discoveredAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC).");
    }

    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);
}

public static class TextExtensions
{
    /// <summary>Optional text as recorded: trimmed, and absent when blank.</summary>
    public static string? TrimmedOrNull(this string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
