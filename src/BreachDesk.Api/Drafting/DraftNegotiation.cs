using Microsoft.Net.Http.Headers;

namespace BreachDesk.Drafting;

public enum DraftFormat { None, Markdown, Html, Json }

/// <summary>
/// Picks the format the Accept header prefers most (by quality, the most specific range deciding each type);
/// on a tie, or with no Accept header, the draft itself: Markdown.
/// </summary>
public static class DraftNegotiation
{
    private static readonly (DraftFormat Format, string MediaType)[] Offered =
        [(DraftFormat.Markdown, "text/markdown"), (DraftFormat.Html, "text/html"), (DraftFormat.Json, "application/json")];

    public static DraftFormat Choose(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept is null || accept.Count == 0) return DraftFormat.Markdown;

        var best = (Format: DraftFormat.None, Quality: 0.0);
        foreach (var (format, mediaType) in Offered)
        {
            var quality = QualityOf(new MediaTypeHeaderValue(mediaType), accept);
            if (quality > best.Quality) best = (format, quality);
        }
        return best.Format;
    }

    private static double QualityOf(MediaTypeHeaderValue offered, IList<MediaTypeHeaderValue> accept)
    {
        var match = accept.Where(offered.IsSubsetOf)
            .OrderByDescending(range => range.MatchesAllTypes ? 0 : range.MatchesAllSubTypes ? 1 : 2)
            .FirstOrDefault();
        return match is null ? 0 : match.Quality ?? 1.0;
    }
}
