using BreachDesk.GettingDetails;
using BreachDesk.Infrastructure.Database;
using BreachDesk.Infrastructure.Http;
using BreachDesk.Validation;
using Marten;

namespace BreachDesk.Incidents;

/// <summary>
/// The one path every command on an existing incident takes: load the stream for writing, honour If-Match,
/// validate against the current state, let the domain decide, append, commit, and answer with the fresh view.
/// Marten's optimistic check at commit catches a concurrent writer that slipped in after the load.
/// </summary>
public static class IncidentCommand
{
    public static async Task<IResult> ExecuteAsync(
        Guid id,
        HttpRequest request,
        IDocumentSession session,
        TimeProvider clock,
        Func<Incident, DateTimeOffset, ValidationErrors> validate,
        Func<Incident, DateTimeOffset, object> decide,
        CancellationToken cancellation)
    {
        var stream = await session.Events.FetchForWriting<Incident>(id, cancellation);
        if (stream.Aggregate is not { } incident) return Problems.NotFound(id);

        var accepted = ETags.AcceptedVersions(request);
        if (accepted is not null && !accepted.Contains(stream.CurrentVersion ?? 0))
            return Problems.PreconditionFailed(stream.CurrentVersion ?? 0);

        var now = clock.GetUtcNow();
        var errors = validate(incident, now);
        if (!errors.IsEmpty) return Problems.Result(errors.ToProblem());

        try
        {
            stream.AppendOne(decide(incident, now));
            await session.SaveChangesAsync(cancellation);
        }
        catch (IncidentConflictException conflict)
        {
            return Problems.Conflict(conflict.Message);
        }
        catch (Exception e) when (e.IsConcurrencyConflict())
        {
            return accepted is not null
                ? Problems.PreconditionFailed(stream.CurrentVersion ?? 0)
                : Problems.Conflict("The incident was changed by another request at the same moment. Read it again and retry.");
        }

        var view = await session.LoadAsync<IncidentView>(id, cancellation);
        return new IncidentResult(view!, now);
    }
}
