using System.Globalization;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Http;
using BreachDesk.Validation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace BreachDesk.Auditing;

public static class AuditEndpoint
{
    [WolverineGet("/api/incidents/{id}/audit"), Authorize(Roles = Roles.AuditReaders)]
    [EndpointSummary("The incident's raw event stream with metadata, and whether its hash chain shows the stored record unedited: " +
                     "after (a version, default 0) and limit (default and at most 1000); a Link header with rel=\"next\" while more remain.")]
    [ProducesResponseType<AuditReport>(200), ProducesResponseType<HttpValidationProblemDetails>(400), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Get(
        Guid id, string? after, string? limit, AuditTrail trail, HttpContext context, CancellationToken cancellation)
    {
        var errors = new ValidationErrors();
        var page = EventPage.Parse(errors, after, limit);
        if (!errors.IsEmpty) return Problems.Result(errors.ToProblem());

        if (await trail.ReadAsync(id, page, cancellation) is not { } found) return Problems.NotFound(id);
        var (report, more) = found;
        if (more) Paging.LinkNext(context, report.Events[^1].Version.ToString(CultureInfo.InvariantCulture));
        return TypedResults.Json(report, ApiJson.Options);
    }
}
