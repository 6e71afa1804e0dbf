using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Http;
using BreachDesk.Validation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Wolverine.Http;

namespace BreachDesk.Insights;

/// <summary>
/// How the organisation is doing: breaches per month by source and data category, how long the DPO and the regulator
/// waited, the share of clocks met in time, and what is open and overdue now. A breach belongs to the period by the
/// day the organisation became aware of it (<c>discoveredAt</c>, UTC).
/// </summary>
public static class GetInsightsEndpoint
{
    [WolverineGet("/api/insights"), Authorize(Roles = Roles.RegisterReaders)]
    [EndpointSummary("Figures over a period: from, to (UTC days, yyyy-MM-dd; default the last 12 months), bucket (month (default), quarter, week).")]
    [ProducesResponseType<InsightsReport>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static async Task<IResult> Get(
        string? from, string? to, string? bucket,
        IQuerySession session, NpgsqlDataSource dataSource, TimeProvider clock, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        var errors = new ValidationErrors();
        var period = InsightsPeriod.Parse(errors, from, to, bucket, now);
        if (period is null) return Problems.Result(errors.ToProblem());

        var tally = new InsightsTally(period, now);
        await foreach (var fact in IncidentFacts.ReadAsync(session, dataSource, period.Start, period.End, cancellation))
            tally.Add(fact);
        var current = await CurrentCounts.ReadAsync(session, dataSource, now, cancellation);
        return TypedResults.Json(tally.Report(current, now), ApiJson.Options);
    }
}
