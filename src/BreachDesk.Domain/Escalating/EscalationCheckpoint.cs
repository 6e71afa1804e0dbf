using System.Globalization;

namespace BreachDesk.Escalating;

/// <summary>
/// A checkpoint of a deadline as the sweep weighs it, for the due time in force. A repeat of the at-due escalation
/// while overdue carries its number (1, 2, ...). The key names all of that, so a checkpoint of a due time that has
/// since moved is a different checkpoint, and one decided twice fires once.
/// </summary>
/// <remarks>A checkpoint at report time fires once per incident: a deadline that moves later does not make it news again.</remarks>
public sealed record EscalationCheckpoint(DeadlineKind Deadline, string Checkpoint, DateTimeOffset DueAt, DateTimeOffset At, int Level, int Repeat = 0, bool AtReport = false)
{
    public string Key => AtReport
        ? $"{Deadline.ToString().ToLowerInvariant()}:{Checkpoint}"
        : $"{Deadline.ToString().ToLowerInvariant()}:{Checkpoint}:{DueAt.UtcDateTime.ToString("yyyyMMddTHHmmssfffZ", CultureInfo.InvariantCulture)}" +
          (Repeat > 0 ? $":repeat-{Repeat}" : "");

    /// <summary>The key of the escalation a repeat belongs to: its at-due checkpoint.</summary>
    public string EscalationKey => (this with { Repeat = 0 }).Key;
}
