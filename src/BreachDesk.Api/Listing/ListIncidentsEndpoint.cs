using System.ComponentModel.DataAnnotations;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Http;
using BreachDesk.Searching;
using BreachDesk.Validation;
using Marten;
using Npgsql;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace BreachDesk.Listing;

public sealed record IncidentSummary(
    Guid Id, string Reference, string Title, IncidentStatus Status,
    DateTimeOffset DiscoveredAt, DateTimeOffset ReportedAt, DeadlinesResponse Deadlines, long Version);

/// <summary>
/// <c>Page</c> is null when the page was asked for by <c>after</c>. <c>Next</c>, when more remain, is the <c>after</c>
/// of the next page (also sent as <c>Link: &lt;…&gt;; rel="next"</c>). <c>Total</c> is exact when <c>TotalIsExact</c>;
/// a search matching more than 1,000 incidents says 1,000 and false ("more than"): counting every match of a common
/// word costs more than the page.
/// </summary>
public sealed record IncidentList(IReadOnlyList<IncidentSummary> Items, long Total, int? Page, int PageSize, string? Next, bool TotalIsExact);

public static class ListIncidentsEndpoint
{
    public const int MaxPageSize = 200;

    [WolverineGet("/api/incidents"), Authorize(Roles = Roles.AnyRole)]
    [EndpointSummary("Incidents, newest first: status (open, closed, all), page, pageSize; or after (the next of the page before) to walk them all. " +
                     "q finds words (full text over title, description, notes, systems and reference; \"quoted phrases\", or, -word); " +
                     "reference (BD-2026-0002, any case) and owner (a principal's name) match exactly. Every term given narrows the list. " +
                     "total is exact (totalIsExact) but for a search matching more than 1,000 incidents: then 1,000 and false, meaning more than 1,000.")]
    [ProducesResponseType<IncidentList>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static async Task<IResult> Get(
        string? status, string? page, string? pageSize, string? after,
        [MaxLength(IncidentSearch.MaxWordsLength)] string? q,
        [RegularExpression(IncidentSearch.ReferencePatternText)] string? reference,
        [MaxLength(Limits.ShortText)] string? owner,
        IQuerySession session, NpgsqlDataSource dataSource, TimeProvider clock, HttpContext context, CancellationToken cancellation)
    {
        var errors = new ValidationErrors();
        var wanted = StatusFilter.Parse(errors, status, "open");
        var request = Paging.ParseRequest(errors, page, pageSize, after, 50, MaxPageSize);
        // q, reference and owner are bound above for the OpenAPI document; they are read from the query itself,
        // where a term sent empty (a 400) is told apart from one left out.
        var search = IncidentSearch.Parse(errors, context.Request.Query);
        if (!errors.IsEmpty) return Problems.Result(errors.ToProblem());

        var found = await IncidentPages.ReadAsync(session, dataSource, wanted, search, newestFirst: true, request, cancellation);

        var now = clock.GetUtcNow();
        var items = found.Items.Select(v => new IncidentSummary(
            v.Id, v.Reference, v.Title, v.Status, v.DiscoveredAt, v.ReportedAt, DeadlinesResponse.From(v, now), v.Version)).ToList();
        Paging.LinkNext(context, found.Next);
        return TypedResults.Json(new IncidentList(items, found.Total, request.Page, request.PageSize, found.Next, found.TotalIsExact), ApiJson.Options);
    }
}
