using BreachDesk.Validation;
using Microsoft.AspNetCore.Mvc;

namespace BreachDesk.Infrastructure.Http;

/// <summary>RFC 9457 problem responses in the shapes API.md promises.</summary>
public static class Problems
{
    public static HttpValidationProblemDetails Validation(IReadOnlyDictionary<string, string[]> errors) =>
        new(errors.ToDictionary(pair => pair.Key, pair => pair.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid.",
            Detail = "See 'errors' for each field that needs correcting.",
        };

    public static HttpValidationProblemDetails Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>For Wolverine's Validate step: continue when there is nothing wrong.</summary>
    public static ProblemDetails ToProblem(this ValidationErrors errors) =>
        errors.IsEmpty ? Wolverine.Http.WolverineContinue.NoProblems : Validation(errors.ToDictionary());

    public static IResult Result(ProblemDetails problem) => TypedResults.Problem(problem);

    public static IResult NotFound(Guid id) => Result(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Unknown incident.",
        Detail = $"There is no incident with id {id}.",
    });

    public static IResult Conflict(string detail) => Result(new ProblemDetails
    {
        Status = StatusCodes.Status409Conflict,
        Title = "The incident's state does not allow this.",
        Detail = detail,
    });

    public static IResult PreconditionFailed(long currentVersion) => Result(new ProblemDetails
    {
        Status = StatusCodes.Status412PreconditionFailed,
        Title = "The incident has changed since you read it.",
        Detail = $"If-Match did not match the current version \"{currentVersion}\". Read the incident again, then retry.",
    });
}
