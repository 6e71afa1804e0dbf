using Npgsql;

namespace BreachDesk.Infrastructure.Database;

/// <summary>Recognises the database outcomes that are answers, not failures.</summary>
public static class DatabaseErrors
{
    public static bool IsUniqueViolation(this Exception e) =>
        Chain(e).Any(x => x is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }
                          || x.GetType().Name is "DocumentAlreadyExistsException" or "ExistingStreamIdCollisionException");

    /// <summary>
    /// The stream moved on between our read and our commit: Marten's optimistic check, or the audit chain's key on
    /// (stream, version). When two transactions append the same version at once, the chain's BEFORE INSERT trigger
    /// inserts that version's link before Marten's own row, so the loser fails on the link, not on Marten's key.
    /// </summary>
    public static bool IsConcurrencyConflict(this Exception e) =>
        Chain(e).Any(x => x.GetType().Name is "ConcurrencyException" or "EventStreamUnexpectedMaxEventIdException"
                          || x is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: Auditing.EventHashChain.PrimaryKeyName });

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException) yield return x;
    }
}
