using System.Buffers.Binary;
using System.Globalization;
using BreachDesk.Validation;
using Microsoft.AspNetCore.WebUtilities;

namespace BreachDesk.Infrastructure.Http;

/// <summary>
/// A page asked for by number (<see cref="Page"/>, the contract's <c>page</c>) or, for clients that walk the whole
/// list, after the last item they have (<see cref="After"/>, the <c>next</c> of the page before). Reading after a
/// cursor costs the same on every page; reading by number costs more the further in the page is.
/// </summary>
public sealed record PageRequest(int? Page, int PageSize, PageCursor? After)
{
    /// <summary>How many items come before the page (zero when read after a cursor).</summary>
    public long Offset => Page is { } page ? (long)(page - 1) * PageSize : 0;
}

/// <summary>Where a page ends in a list ordered by a time and then an id: opaque to clients (base64url).</summary>
public sealed record PageCursor(DateTimeOffset At, Guid Id)
{
    public override string ToString()
    {
        var bytes = new byte[24];
        BinaryPrimitives.WriteInt64BigEndian(bytes, At.UtcTicks);
        Id.TryWriteBytes(bytes.AsSpan(8), bigEndian: true, out _);
        return WebEncoders.Base64UrlEncode(bytes);
    }

    public static bool TryParse(string text, out PageCursor? cursor)
    {
        cursor = null;
        byte[] bytes;
        try { bytes = WebEncoders.Base64UrlDecode(text); }
        catch (FormatException) { return false; }
        if (bytes.Length != 24) return false;
        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks) return false;
        cursor = new PageCursor(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes.AsSpan(8), bigEndian: true));
        return true;
    }
}

/// <summary>Query values are taken as text and parsed here, so a bad one is a 400 that names it.</summary>
public static class Paging
{
    /// <summary>The furthest item a page number may reach: OFFSET past it would overflow a 32-bit count.</summary>
    public const long MaxOffset = int.MaxValue;

    public static int Parse(ValidationErrors errors, string field, string? text, int fallback, int max)
    {
        if (text is null) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max) return value;
        errors.Add(field, $"'{field}' must be a whole number from 1 to {max}.");
        return fallback;
    }

    /// <summary><c>page</c>, <c>pageSize</c> and <c>after</c>; <c>page</c> and <c>after</c> exclude each other.</summary>
    public static PageRequest ParseRequest(
        ValidationErrors errors, string? page, string? pageSize, string? after, int defaultPageSize, int maxPageSize)
    {
        var size = Parse(errors, "pageSize", pageSize, defaultPageSize, maxPageSize);
        if (after is not null)
        {
            if (page is not null) errors.Add("after", "Give either 'page' or 'after', not both.");
            else if (!PageCursor.TryParse(after, out var cursor)) errors.Add("after", "'after' must be the 'next' value of an earlier page.");
            else return new PageRequest(null, size, cursor);
        }

        var number = Parse(errors, "page", page, 1, int.MaxValue);
        var request = new PageRequest(number, size, null);
        if (request.Offset > MaxOffset)
            errors.Add("page", $"'page' times 'pageSize' must stay within {MaxOffset:N0} items; use 'after' to walk further.");
        return request;
    }

    /// <summary>
    /// <c>Link: &lt;…&gt;; rel="next"</c> (RFC 8288) to the same query after <paramref name="next"/>, when more remain.
    /// </summary>
    public static void LinkNext(HttpContext context, string? next)
    {
        if (next is null) return;
        var query = context.Request.Query
            .Where(pair => pair.Key is not ("page" or "after"))
            .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string?>(pair.Key, value)))
            .Append(new KeyValuePair<string, string?>("after", next));
        var target = QueryHelpers.AddQueryString(context.Request.PathBase + context.Request.Path, query);
        context.Response.Headers.Append("Link", $"<{target}>; rel=\"next\"");
    }
}
