using Npgsql;

namespace BreachDesk.Infrastructure.Database;

/// <summary>Recognises the database outcomes that are answers, not failures.</summary>
public static class DatabaseErrors
{
    public static bool IsUniqueViolation(this Exception e) =>
        Chain(e).Any(x => x is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }
                          || x.GetType().Name is "DocumentAlreadyExistsException" or "ExistingStreamIdCollisionException");

    /// <summary>
    /// The stream moved on between our read and our commit: Marten's optimistic check, or any unique key on
    /// (stream, version), such as the audit chain's. When two transactions append the same version at once, a BEFORE
    /// INSERT trigger may insert that version's row elsewhere before Marten's own, so the loser fails on that key, not
    /// on Marten's: whichever key it is, two appends claimed one version.
    /// </summary>
    public static bool IsConcurrencyConflict(this Exception e) =>
        Chain(e).Any(x => x.GetType().Name is "ConcurrencyException" or "EventStreamUnexpectedMaxEventIdException"
                          || x is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: { } key }
                             && key.EndsWith(StreamVersionKeySuffix, StringComparison.Ordinal));

    /// <summary>How Marten (and we, after it) name a unique key on (stream_id, version): <c>pkey_&lt;table&gt;_stream_id_version</c>.</summary>
    public const string StreamVersionKeySuffix = "_stream_id_version";

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException) yield return x;
    }
}
