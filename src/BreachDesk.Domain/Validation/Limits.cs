namespace BreachDesk.Validation;

/// <summary>Lengths that keep one record readable and one request small, and the range a recorded time may take.</summary>
public static class Limits
{
    public const int ShortText = 200;
    public const int LongText = 20_000;

    /// <summary>
    /// The earliest time any field of a command may hold (1970-01-01T00:00:00Z, the Unix epoch). Every time recorded here is
    /// when something about a personal-data breach in an organisation's systems happened, so nothing earlier can be true:
    /// it is a typing or tooling error (0001-01-01 is what an unset .NET DateTime serialises to, 1969-12-31 an epoch of 0
    /// read in a zone west of UTC), and accepted it would start clocks that are decades overdue and page the executive.
    /// The far end needs no floor of its own: a command's times may not lie in the future.
    /// </summary>
    public static readonly DateTimeOffset EarliestTime = DateTimeOffset.UnixEpoch;

    /// <summary>
    /// The most events one incident may hold. A real breach records tens or hundreds of facts; a client stuck in a loop
    /// could record millions, and every reader of the history (timeline, audit, drafts, a projection rebuild) pays for
    /// them. A command past it is refused (409) rather than growing the record without end.
    /// </summary>
    public const int MaxEventsPerIncident = 10_000;
}
