using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Http;
using BreachDesk.Validation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace BreachDesk.Listing;

public sealed record IncidentSummary(
    Guid Id, string Reference, string Title, IncidentStatus Status,
    DateTimeOffset DiscoveredAt, DateTimeOffset ReportedAt, DeadlinesResponse Deadlines, long Version);

public sealed record IncidentList(IReadOnlyList<IncidentSummary> Items, long Total, int Page, int PageSize);

public static class ListIncidentsEndpoint
{
    public const int MaxPageSize = 200;

    [WolverineGet("/api/incidents"), Authorize(Roles = Roles.AnyRole)]
    [EndpointSummary("Incidents, newest first: status (open, closed, all), page, pageSize.")]
    [ProducesResponseType<IncidentList>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static async Task<IResult> Get(
        string? status, string? page, string? pageSize, IQuerySession session, TimeProvider clock, CancellationToken cancellation)
    {
        var errors = new ValidationErrors();
        var filter = StatusFilter.Parse(errors, status, "open");
        var pageNumber = Paging.Parse(errors, "page", page, 1, int.MaxValue);
        var size = Paging.Parse(errors, "pageSize", pageSize, 50, MaxPageSize);
        if (!errors.IsEmpty) return Problems.Result(errors.ToProblem());

        var query = filter(session.Query<IncidentView>());
        var (views, total) = await Paging.PageAsync(query, q => q.OrderByDescending(x => x.ReportedAt), pageNumber, size, cancellation);

        var now = clock.GetUtcNow();
        var items = views.Select(v => new IncidentSummary(
            v.Id, v.Reference, v.Title, v.Status, v.DiscoveredAt, v.ReportedAt, DeadlinesResponse.From(v, now), v.Version)).ToList();
        return TypedResults.Json(new IncidentList(items, total, pageNumber, size), ApiJson.Options);
    }
}
