using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Http;
using BreachDesk.Validation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace BreachDesk.Register;

public sealed record RegisterPage(IReadOnlyList<RegisterEntry> Items, long Total, int Page, int PageSize);

public static class RegisterEndpoint
{
    public const int MaxPageSize = 1000;

    /// <remarks>
    /// JSON is paged (page, pageSize up to 1000); CSV is the whole register, streamed oldest first, so that
    /// an export of 100,000 incidents does not sit in memory.
    /// </remarks>
    [WolverineGet("/api/register"), Authorize(Roles = Roles.RegisterReaders)]
    [EndpointSummary("The breach register (Art. 33(5)): every incident, reported or not. ?format=csv for the whole register as CSV.")]
    [ProducesResponseType<RegisterPage>(200, "application/json", "text/csv"), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static async Task<IResult> Get(
        string? format, string? status, string? page, string? pageSize,
        IQuerySession session, TimeProvider clock, HttpContext context, CancellationToken cancellation)
    {
        var errors = new ValidationErrors();
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (format is not null && !csv && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
            errors.Add("format", "'format' must be json or csv.");
        var filter = StatusFilter.Parse(errors, status, "all");
        var pageNumber = Paging.Parse(errors, "page", page, 1, int.MaxValue);
        var size = Paging.Parse(errors, "pageSize", pageSize, 100, MaxPageSize);
        if (!errors.IsEmpty) return Problems.Result(errors.ToProblem());

        var filtered = filter(session.Query<IncidentView>());
        var now = clock.GetUtcNow();
        if (!csv)
        {
            var (views, total) = await Paging.PageAsync(filtered, q => q.OrderBy(x => x.ReportedAt), pageNumber, size, cancellation);
            var items = views.Select(v => RegisterEntry.From(v, now)).ToList();
            return TypedResults.Json(new RegisterPage(items, total, pageNumber, size), ApiJson.Options);
        }

        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"breach-register-{now:yyyy-MM-dd}.csv\"";
        await using var writer = new StreamWriter(context.Response.Body, RegisterCsv.Utf8WithBom, leaveOpen: true);
        await writer.WriteAsync(RegisterCsv.Line(RegisterCsv.Header));
        await foreach (var view in filtered.OrderBy(x => x.ReportedAt).ToAsyncEnumerable(cancellation))
            await writer.WriteAsync(RegisterCsv.Row(RegisterEntry.From(view, now)));
        await writer.FlushAsync(cancellation);
        return Results.Empty;
    }
}
