using System.Security.Claims;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Http;
using BreachDesk.Validation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Attributes;
using Wolverine.Http;

namespace BreachDesk.Escalating;

public sealed record EscalationResponse(
    Guid Id, Guid IncidentId, string Reference, DeadlineKind Deadline, string Checkpoint, int Level, int Repeats,
    DateTimeOffset DueAt, DateTimeOffset RaisedAt, DateTimeOffset? LastRaisedAt, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy)
{
    public static EscalationResponse From(EscalationView v) => new(v.Id, v.IncidentId, v.Reference, v.Deadline, v.Checkpoint,
        v.Level, v.Repeats, v.DueAt, v.RaisedAt, v.LastRaisedAt, v.AcknowledgedAt, v.AcknowledgedBy);
}

public static class ListEscalationsEndpoint
{
    [WolverineGet("/api/escalations"), Authorize(Roles = Roles.AnyRole)]
    [EndpointSummary("Escalations raised when a clock ran short, newest first: state (open, acknowledged, all; default open).")]
    [ProducesResponseType<EscalationResponse[]>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static async Task<IResult> Get(string? state, IQuerySession session, CancellationToken cancellation)
    {
        var filter = (state ?? "open").ToLowerInvariant();
        if (filter is not ("open" or "acknowledged" or "all"))
            return Problems.Result(new ValidationErrors().Add("state", "'state' must be one of: open, acknowledged, all.").ToProblem());

        IQueryable<EscalationView> query = session.Query<EscalationView>();
        query = filter switch
        {
            "open" => query.Where(x => x.AcknowledgedAt == null),
            "acknowledged" => query.Where(x => x.AcknowledgedAt != null),
            _ => query,
        };
        var views = await query.OrderByDescending(x => x.RaisedAt).Take(1000).ToListAsync(cancellation);
        return TypedResults.Json(views.Select(EscalationResponse.From).ToList(), ApiJson.Options);
    }
}

public static class AcknowledgeEscalationEndpoint
{
    [NonTransactional] // IncidentCommand commits itself, to answer a concurrent change with 409.
    [WolverinePost("/api/escalations/{id}/ack"), Authorize(Roles = Roles.DpoOrOnCall)]
    [EndpointSummary("Acknowledge an escalation: its repeats stop; the deadline's next checkpoints still fire.")]
    [ProducesResponseType<EscalationResponse>(200), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    public static async Task<IResult> Post(Guid id, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var escalation = await session.LoadAsync<EscalationView>(id, cancellation);
        if (escalation is null)
            return Problems.Result(new ProblemDetails { Status = 404, Title = "Unknown escalation.", Detail = $"There is no escalation with id {id}." });

        return await IncidentCommand.ExecuteAsync(escalation.IncidentId, new AcknowledgeEscalation(id), user, session, clock,
            async _ => TypedResults.Json(EscalationResponse.From((await session.LoadAsync<EscalationView>(id, cancellation))!), ApiJson.Options),
            cancellation);
    }
}
