using System.Security.Claims;
using BreachDesk.Board;
using BreachDesk.Deadlines;
using BreachDesk.Escalating.Sweeping;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Database;
using BreachDesk.Infrastructure.Http;
using Marten;
using Npgsql;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Attributes;
using Wolverine.Http;

namespace BreachDesk.Reporting;

public static class ReportIncidentEndpoint
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static ProblemDetails Validate(ReportIncident command, HttpRequest request, TimeProvider clock)
    {
        var errors = command.Validate(clock.GetUtcNow());
        if (request.Headers[IdempotencyHeader].ToString() is { Length: > IdempotencyRecord.MaxKeyLength })
            errors.Add(IdempotencyHeader, $"'{IdempotencyHeader}' must be at most {IdempotencyRecord.MaxKeyLength} characters.");
        return errors.ToProblem();
    }

    // Not wrapped by Wolverine's transaction: the duplicate-key race below is decided by the commit itself.
    [NonTransactional]
    [WolverinePost("/api/incidents"), Authorize(Roles = Roles.Reporting)]
    [EndpointSummary("Report a breach. Honours Idempotency-Key: a retry returns the first result.")]
    [ProducesResponseType<IncidentResponse>(201), ProducesResponseType<IncidentResponse>(200)]
    [ProducesResponseType<HttpValidationProblemDetails>(400), ProducesResponseType<ProblemDetails>(422)]
    public static async Task<IResult> Post(
        ReportIncident command,
        HttpRequest request,
        ClaimsPrincipal user,
        IDocumentStore store,
        SweepAtReport firstSweep,
        IncidentReferences references,
        DeadlinePolicy policy,
        TimeProvider clock,
        CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        var actor = user.Name();
        var key = request.Headers[IdempotencyHeader].ToString();
        var idempotency = key.Length == 0 ? null : new IdempotencyRecord
        {
            Id = IdempotencyRecord.IdFor(actor, key),
            RequestFingerprint = IdempotencyRecord.Fingerprint(command),
            CreatedAt = now,
        };

        if (idempotency is not null && await ReplayAsync(store, idempotency, now, cancellation) is { } replay) return replay;

        for (var attempt = 1; ; attempt++)
        {
            // One transaction from the reference to the commit: the number and the inline projections' reads of what
            // they would update (none for a new incident, but Marten asks) are not transactions, and commits, of their
            // own (decision 0031). BEGIN travels with the first statement: no round trip of its own. The transaction is
            // ours and handed to the session, which commits it: a session's own BeginTransactionAsync drops Marten's
            // connection span, so a traced report would lose it.
            await using var connection = store.Storage.Database.CreateConnection();
            await connection.OpenAsync(cancellation);
            await using var transaction = await connection.BeginTransactionAsync(cancellation);
            var reference = await references.NextAsync(now, connection, cancellation);
            var reported = command.Decide(Guid.CreateVersion7(now), reference, policy, actor, now);
            var escalations = firstSweep.Decide(reported, now);
            await using var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction, shouldAutoCommit: true));
            session.Events.StartStream<Incident>(reported.IncidentId, reported);
            // The new incident's clock rows, as their projection makes them, without its read of rows that cannot exist
            // yet (decision 0037); the save below tells the projections so.
            session.Insert(RunningClockProjection.ForNewIncident(reported));
            firstSweep.Queue(session, reported.IncidentId, escalations);
            if (idempotency is not null)
            {
                idempotency.IncidentId = reported.IncidentId;
                session.Insert(idempotency);
            }

            try
            {
                using (WrittenByCommand.Begin()) await session.SaveChangesAsync(cancellation);
            }
            catch (Exception e) when (attempt == 1 && IsReferenceTaken(e))
            {
                // The sequence was behind the stored references (a restored dump, a sequence reset by hand): move it past
                // them and report once more. A second refusal is a fault, not something to loop on.
                await references.SkipPastStoredAsync(now, cancellation);
                continue;
            }
            catch (Exception e) when (idempotency is not null && e.IsUniqueViolation())
            {
                // A concurrent request with the same key committed first: answer as it was answered.
                return await ReplayAsync(store, idempotency, now, cancellation)
                       ?? throw new InvalidOperationException("Idempotency record vanished after a duplicate-key conflict.", e);
            }

            firstSweep.Committed(escalations);
            // What the inline projection stored from this one event, made here rather than read back in another round trip.
            var view = IncidentViewProjection.Create(reported);
            view.Version = 1;
            return new IncidentResult(view, now, StatusCodes.Status201Created, $"/api/incidents/{reported.IncidentId}");
        }
    }

    private static bool IsReferenceTaken(Exception e) =>
        e.IsUniqueViolation() && e.GetBaseException() is PostgresException { ConstraintName: IncidentReferences.UniqueIndexName };

    private static async Task<IResult?> ReplayAsync(IDocumentStore store, IdempotencyRecord request, DateTimeOffset now, CancellationToken cancellation)
    {
        await using var query = store.QuerySession();
        var first = await query.LoadAsync<IdempotencyRecord>(request.Id, cancellation);
        if (first is null) return null;
        if (first.RequestFingerprint != request.RequestFingerprint)
            return Problems.Result(new ProblemDetails
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "Idempotency-Key reused for a different request.",
                Detail = "This key already created an incident from a different body. Use a new key for a new report.",
            });

        var view = await query.LoadAsync<IncidentView>(first.IncidentId, cancellation);
        return new IncidentResult(view!, now, StatusCodes.Status200OK, $"/api/incidents/{first.IncidentId}");
    }
}
