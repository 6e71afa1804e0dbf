using System.Security.Claims;
using BreachDesk.Escalating.Sweeping;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Database;
using BreachDesk.Infrastructure.Http;
using BreachDesk.Notifying;
using BreachDesk.Validation;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace BreachDesk.Incidents;

/// <summary>
/// The one path every command on an existing incident takes: load the stream for writing, honour If-Match,
/// validate against the current state, let the domain decide, append, commit, and answer with the fresh view.
/// Marten's optimistic check at commit catches a concurrent writer that slipped in after the load. A fact that can move
/// a clock re-plans the incident's escalations in the same transaction (<see cref="SweepInCommand"/>, decision 0029).
/// </summary>
public static class IncidentCommand
{
    /// <summary>A command addressed by the incident id: If-Match holds the incident's version; the answer is the incident.</summary>
    public static Task<IResult> ExecuteAsync<TEvent>(
        Guid id,
        IIncidentCommand<TEvent> command,
        HttpRequest request,
        ClaimsPrincipal user,
        IncidentCommandServices services,
        TimeProvider clock,
        CancellationToken cancellation) where TEvent : notnull =>
        ExecuteAsync(id, ETags.AcceptedVersions(request), services, clock, command.Validate,
            (incident, now) => command.Decide(incident, user.Name(), now), respond: null, cancellation);

    /// <summary>
    /// How often a command without If-Match is decided again after another person's command committed first (background
    /// work never writes to this stream: escalations have a log of their own). A client who sent no version asked for
    /// the fact to be recorded on the incident as it is, so it is re-validated and re-decided on the fresh state, as the
    /// client would do on a 409, rather than failed. Each round one of the racing writers wins, so this many lets a team
    /// of four or five record facts on one incident at the same moment.
    /// </summary>
    public static Task<IResult> ExecuteAsync<TEvent>(
        Guid incidentId,
        IIncidentCommand<TEvent> command,
        ClaimsPrincipal user,
        IncidentCommandServices services,
        TimeProvider clock,
        Func<IncidentView, DateTimeOffset, Task<IResult>> respond,
        CancellationToken cancellation,
        Action<IDocumentSession>? alongside = null) where TEvent : notnull =>
        ExecuteAsync(incidentId, accepted: null, services, clock, command.Validate,
            (incident, now) => command.Decide(incident, user.Name(), now), respond, cancellation, alongside);

    /// <summary>
    /// How often a command without If-Match is decided again after another person's command committed first (background
    /// work never writes to this stream: escalations have a log of their own). A client who sent no version asked for
    /// the fact to be recorded on the incident as it is, so it is re-validated and re-decided on the fresh state, as the
    /// client would do on a 409, rather than failed. Each round one of the racing writers wins, so this many lets a team
    /// of four or five record facts on one incident at the same moment.
    /// </summary>
    private const int AttemptsWithoutIfMatch = 6;

    private static async Task<IResult> ExecuteAsync(
        Guid id,
        IReadOnlySet<long>? accepted,
        IncidentCommandServices services,
        TimeProvider clock,
        Func<Incident, DateTimeOffset, ValidationErrors> validate,
        Func<Incident, DateTimeOffset, object> decide,
        Func<IncidentView, DateTimeOffset, Task<IResult>>? respond,
        CancellationToken cancellation,
        Action<IDocumentSession>? alongside = null)
    {
        // No incident has the all-zero id (ids are version 7 GUIDs), and Marten refuses it as a stream id with an
        // exception: it is an unknown incident, as it is to every read of /api/incidents/{id}.
        if (id == Guid.Empty) return Problems.NotFound(id);

        for (var attempt = 1; ; attempt++)
        {
            // A session and message context per attempt (IncidentCommandServices.OpenAttempt says why).
            var (session, bus) = services.OpenAttempt();
            await using var _ = session;
            // One transaction from the read to the commit: the reads of the write model are not transactions (and
            // commits) of their own. A command that answers early (404, 412, 400) rolls it back, which writes nothing.
            await session.BeginTransactionAsync(cancellation);
            var stream = await session.Events.FetchForWriting<Incident>(id, cancellation);
            if (stream.Aggregate is not { } incident) return Problems.NotFound(id);

            if (accepted is not null && !accepted.Contains(stream.CurrentVersion ?? 0))
                return Problems.PreconditionFailed(stream.CurrentVersion ?? 0);

            if (stream.CurrentVersion >= Limits.MaxEventsPerIncident)
                return Problems.Conflict(
                    $"The incident already holds {Limits.MaxEventsPerIncident:N0} events, the most one incident may hold. " +
                    "Record further facts on a new incident that refers to this one.");

            var now = clock.GetUtcNow();
            var errors = validate(incident, now);
            if (!errors.IsEmpty) return Problems.Result(errors.ToProblem());

            // The answer is the view as this command leaves it: read in this transaction and advanced by the event in
            // memory, as the inline projection does in the database, rather than read back after the commit (a round
            // trip and a transaction of its own).
            var view = await session.LoadAsync<IncidentView>(id, cancellation);
            object decided;
            SweepInCommand.Swept? swept = null;
            var versionBefore = stream.CurrentVersion ?? 0;
            try
            {
                decided = decide(incident, now);
                stream.AppendOne(decided);
                // A write of the endpoint's own that must commit exactly when the fact does (the e-mailed notice's claim).
                alongside?.Invoke(session);
                if (SweepInCommand.MovesAClock(decided))
                    swept = await services.Sweep.QueueAsync(session, bus, Incident.Evolve(incident, decided)!, now, cancellation);
                await session.SaveChangesAsync(cancellation);
            }
            catch (IncidentConflictException conflict)
            {
                return Problems.Conflict(conflict.Message);
            }
            catch (IncidentPartNotFoundException missing)
            {
                return Problems.Result(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found.", Detail = missing.Message });
            }
            catch (Exception e) when (e.IsConcurrencyConflict())
            {
                if (accepted is not null) return Problems.PreconditionFailed(stream.CurrentVersion ?? 0);
                if (attempt < AttemptsWithoutIfMatch) continue;
                return Problems.Conflict("The incident was changed by other requests at the same moment. Read it again and retry.");
            }

            services.Sweep.Committed(swept);
            var after = IncidentViewProjection.After(view!, decided, versionBefore + 1);
            NoticeTimings.Record(services.Metrics, after, decided);
            if (respond is not null) return await respond(after, now);
            return new IncidentResult(after, now);
        }
    }
}
