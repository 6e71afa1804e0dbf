using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Http;
using BreachDesk.Validation;
using BreachDesk.Listing;
using Marten;
using Npgsql;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace BreachDesk.Register;

/// <summary>As <see cref="Listing.IncidentList"/>: <c>Page</c> null when asked for by <c>after</c>; <c>Next</c> the next page's <c>after</c>.</summary>
public sealed record RegisterPage(IReadOnlyList<RegisterEntry> Items, long Total, int? Page, int PageSize, string? Next);

public static class RegisterEndpoint
{
    public const int MaxPageSize = 1000;

    /// <remarks>
    /// JSON is paged (page, pageSize up to 1000, or after: the next of the page before); CSV is the whole register,
    /// streamed oldest first, so that an export of 100,000 incidents does not sit in memory.
    /// </remarks>
    [WolverineGet("/api/register"), Authorize(Roles = Roles.RegisterReaders)]
    [EndpointSummary("The breach register (Art. 33(5)): every incident, reported or not. ?format=csv for the whole register as CSV.")]
    [ProducesResponseType<RegisterPage>(200, "application/json", "text/csv"), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static async Task<IResult> Get(
        string? format, string? status, string? page, string? pageSize, string? after,
        IQuerySession session, NpgsqlDataSource dataSource, TimeProvider clock, HttpContext context, CancellationToken cancellation)
    {
        var errors = new ValidationErrors();
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (format is not null && !csv && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
            errors.Add("format", "'format' must be json or csv.");
        var wanted = StatusFilter.Parse(errors, status, "all");
        var request = Paging.ParseRequest(errors, page, pageSize, after, 100, MaxPageSize);
        if (!errors.IsEmpty) return Problems.Result(errors.ToProblem());

        var now = clock.GetUtcNow();
        if (!csv)
        {
            var found = await IncidentPages.ReadAsync(session, dataSource, wanted, newestFirst: false, request, cancellation);
            var items = found.Items.Select(v => RegisterEntry.From(v, now)).ToList();
            Paging.LinkNext(context, found.Next);
            return TypedResults.Json(new RegisterPage(items, found.Total, request.Page, request.PageSize, found.Next), ApiJson.Options);
        }

        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"breach-register-{now:yyyy-MM-dd}.csv\"";
        await using var writer = new StreamWriter(context.Response.Body, RegisterCsv.Utf8WithBom, leaveOpen: true);
        await writer.WriteAsync(RegisterCsv.Line(RegisterCsv.Header));
        await foreach (var view in session.Query<IncidentView>().WithStatus(wanted).OrderBy(x => x.ReportedAt).ThenBy(x => x.Id)
                           .ToAsyncEnumerable(cancellation))
            await writer.WriteAsync(RegisterCsv.Row(RegisterEntry.From(view, now)));
        await writer.FlushAsync(cancellation);
        return Results.Empty;
    }
}
