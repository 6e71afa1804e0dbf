using BreachDesk.Validation;
using Marten;

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

    /// <summary>
    /// One page and the total, as two plain queries. (Marten's paged list counts with <c>count(*) OVER()</c>,
    /// which makes PostgreSQL read and sort every matching document before it can return the first page:
    /// over 100,000 incidents that was several times slower.)
    /// </summary>
    public static async Task<(IReadOnlyList<T> Items, int Total)> PageAsync<T>(
        IQueryable<T> filtered, Func<IQueryable<T>, IOrderedQueryable<T>> order, int page, int pageSize, CancellationToken cancellation)
        where T : notnull
    {
        var total = await filtered.CountAsync(cancellation);
        var items = await order(filtered).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellation);
        return (items, total);
    }
}
