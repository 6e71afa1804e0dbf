namespace BreachDesk.Validation;

/// <summary>Lengths that keep one record readable and one request small.</summary>
public static class Limits
{
    public const int ShortText = 200;
    public const int LongText = 20_000;

    /// <summary>
    /// The most events one incident may hold. A real breach records tens or hundreds of facts; a client stuck in a loop
    /// could record millions, and every reader of the history (timeline, audit, drafts, a projection rebuild) pays for
    /// them. A command past it is refused (409) rather than growing the record without end.
    /// </summary>
    public const int MaxEventsPerIncident = 10_000;
}
