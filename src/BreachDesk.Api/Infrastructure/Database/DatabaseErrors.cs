using Npgsql;

namespace BreachDesk.Infrastructure.Database;

/// <summary>Recognises the database outcomes that are answers, not failures.</summary>
public static class DatabaseErrors
{
    public static bool IsUniqueViolation(this Exception e) =>
        Chain(e).Any(x => x is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }
                          || x.GetType().Name is "DocumentAlreadyExistsException" or "ExistingStreamIdCollisionException");

    /// <summary>Marten's optimistic check: the stream moved on between our read and our commit.</summary>
    public static bool IsConcurrencyConflict(this Exception e) =>
        Chain(e).Any(x => x.GetType().Name is "ConcurrencyException" or "EventStreamUnexpectedMaxEventIdException");

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException) yield return x;
    }
}
