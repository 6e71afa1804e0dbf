using System.Globalization;
using BreachDesk.Validation;

namespace BreachDesk.Infrastructure.Http;

/// <summary>
/// A page of one stream's events, by version: those after <see cref="After"/>, at most <see cref="Limit"/> of them.
/// The timeline and the audit trail read an incident's history this way, so neither reads a whole long stream at once.
/// </summary>
public sealed record EventPage(long After, int Limit)
{
    public const int MaxLimit = 1000;

    public static EventPage Parse(ValidationErrors errors, string? after, string? limit)
    {
        long version = 0;
        if (after is not null && (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out version) || version > int.MaxValue))
            errors.Add("after", $"'after' must be an event version: a whole number from 0 to {int.MaxValue}.");
        var size = Paging.Parse(errors, "limit", limit, MaxLimit, MaxLimit);
        return new EventPage(errors.Has("after") ? 0 : version, size);
    }
}
