using Microsoft.Net.Http.Headers;

namespace BreachDesk.Infrastructure.Http;

/// <summary>Optimistic concurrency over HTTP: the stream version is the entity tag.</summary>
public static class ETags
{
    public static string For(long version) => $"\"{version}\"";

    /// <summary>
    /// The versions the client's If-Match accepts: null when it sent none or "*" (no precondition);
    /// an empty set when the header holds nothing we issued (so it can never match).
    /// </summary>
    public static IReadOnlySet<long>? AcceptedVersions(HttpRequest request)
    {
        var header = request.Headers.IfMatch;
        if (header.Count == 0) return null;
        if (!EntityTagHeaderValue.TryParseList(header, out var tags)) return new HashSet<long>();
        if (tags.Any(t => t.Equals(EntityTagHeaderValue.Any))) return null;
        return tags
            .Select(t => long.TryParse(t.Tag.AsSpan().Trim('"'), out var v) ? v : -1)
            .Where(v => v >= 0)
            .ToHashSet();
    }
}
