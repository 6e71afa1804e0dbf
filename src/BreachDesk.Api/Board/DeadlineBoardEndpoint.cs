using BreachDesk.Deadlines;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Http;
using BreachDesk.Validation;
using Marten;
using Npgsql;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace BreachDesk.Board;

public sealed record BoardEntry(
    Guid IncidentId, string Reference, string Title, string Kind, DateTimeOffset DueAt, DeadlineStatus Status, string Remaining);

/// <summary>
/// The deadline board: every clock still running on an open incident (not met, still required), soonest
/// first, overdue ones included by default. One index range over the running clocks (<see cref="RunningClock"/>),
/// however many incidents are stored.
/// </summary>
public static class DeadlineBoardEndpoint
{
    public const int MaxLimit = 1000;

    [WolverineGet("/api/deadlines"), Authorize(Roles = Roles.AnyRole)]
    [EndpointSummary("Running deadlines, soonest first: within (ISO-8601 duration, default PT72H), includeOverdue (default true), limit (default 500).")]
    [ProducesResponseType<BoardEntry[]>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static async Task<IResult> Get(
        string? within, string? includeOverdue, string? limit, IQuerySession session, NpgsqlDataSource dataSource, TimeProvider clock, CancellationToken cancellation)
    {
        var errors = new ValidationErrors();
        var window = ParseDuration(errors, within);
        var overdue = true;
        if (includeOverdue is not null && !bool.TryParse(includeOverdue, out overdue))
            errors.Add("includeOverdue", "'includeOverdue' must be true or false.");
        var max = 500;
        if (limit is not null && (!int.TryParse(limit, out max) || max < 1 || max > MaxLimit))
            errors.Add("limit", $"'limit' must be a whole number from 1 to {MaxLimit}.");
        if (!errors.IsEmpty) return Problems.Result(errors.ToProblem());

        var now = clock.GetUtcNow();
        var entries = new List<BoardEntry>(Math.Min(max, 1000));
        await foreach (var c in RunningClockRows.ReadAsync(session, dataSource, now + window, overdue ? null : now, max, cancellation))
            entries.Add(new BoardEntry(c.IncidentId, c.Reference, c.Title, c.Kind, c.DueAt,
                DeadlineRules.Evaluate(c.DueAt, metAt: null, required: true, now), Duration(c.DueAt - now)));
        return TypedResults.Json(entries, ApiJson.Options);
    }

    /// <summary>Whole seconds, ISO-8601; negative once overdue ("-PT1H30M").</summary>
    public static string Duration(TimeSpan span) => IsoDuration.Format(TimeSpan.FromSeconds(Math.Round(span.TotalSeconds)));

    private static TimeSpan ParseDuration(ValidationErrors errors, string? text)
    {
        if (text is null) return TimeSpan.FromHours(72);
        if (IsoDuration.TryParse(text, out var span) && span >= TimeSpan.Zero && span <= TimeSpan.FromDays(3650)) return span;
        errors.Add("within", "'within' must be a positive ISO-8601 duration such as PT72H or P7D.");
        return TimeSpan.Zero;
    }
}
