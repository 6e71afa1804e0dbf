using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Http;
using BreachDesk.Register;
using BreachDesk.Validation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Wolverine.Http;

namespace BreachDesk.Insights;

public static class GetAnnualReportEndpoint
{
    /// <remarks>
    /// JSON for the dashboard's printable page; <c>?format=csv</c> for a spreadsheet, as <c>GET /api/register</c> does.
    /// The year defaults to the current one (UTC).
    /// </remarks>
    [WolverineGet("/api/insights/annual-report"), Authorize(Roles = Roles.RegisterReaders)]
    [EndpointSummary("The year's breach figures for the ICO and the board: year (default this year), format (json (default) or csv).")]
    [ProducesResponseType<AnnualReport>(200, "application/json", "text/csv"), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static async Task<IResult> Get(
        string? year, string? format,
        IQuerySession session, NpgsqlDataSource dataSource, TimeProvider clock, HttpContext context, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        var errors = new ValidationErrors();
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (format is not null && !csv && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
            errors.Add("format", "'format' must be json or csv.");
        var wanted = now.UtcDateTime.Year;
        if (year is not null && (!int.TryParse(year, System.Globalization.NumberStyles.None, null, out wanted) || wanted is < 2000 or > 9998))
            errors.Add("year", "'year' must be a year such as 2026 (from 2000).");
        if (!errors.IsEmpty) return Problems.Result(errors.ToProblem());

        var tally = new AnnualReportTally(wanted, now);
        await foreach (var fact in IncidentFacts.ReadAsync(session, dataSource, tally.Period.Start, tally.Period.End, cancellation))
            tally.Add(fact);
        var report = tally.Report(
            await CurrentCounts.ReadAsync(session, dataSource, now, cancellation),
            await LateReportDetails.ReadAsync(session, dataSource, tally.LateIncidents, cancellation));
        if (!csv) return TypedResults.Json(report, ApiJson.Options);

        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"breach-annual-report-{wanted}.csv\"";
        await using var writer = new StreamWriter(context.Response.Body, RegisterCsv.Utf8WithBom, leaveOpen: true);
        foreach (var line in AnnualReportCsv.Lines(report)) await writer.WriteAsync(line);
        await writer.FlushAsync(cancellation);
        return Results.Empty;
    }
}
