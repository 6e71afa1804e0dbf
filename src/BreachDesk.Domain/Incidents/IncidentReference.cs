namespace BreachDesk.Incidents;

/// <summary>
/// The human reference staff say aloud and write in tickets: <c>BD-2026-0001</c>. The number is allocated by a
/// per-year counter in the database so that it never repeats; a number can be skipped (a report that failed
/// after taking one), which a register tolerates far better than a duplicate.
/// </summary>
public static class IncidentReference
{
    public static string Format(int year, long number) => $"BD-{year}-{number:D4}";
}
