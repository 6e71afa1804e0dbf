using BreachDesk.Escalating;

namespace BreachDesk.Escalating.Alerts;

public enum AlertKind { Trigger, Acknowledge, Resolve }

/// <summary>What an alert says. No personal data: the reference, the clock and the level, never the incident's text.</summary>
public sealed record AlertContent(
    Guid IncidentId, string Reference, DeadlineKind Deadline, string Checkpoint, DateTimeOffset DueAt, int Level,
    Guid EscalationId, int Repeat, DateTimeOffset At)
{
    public string Summary(AlertKind kind) => kind switch
    {
        AlertKind.Acknowledge => $"{Reference}: escalation of the {Name} deadline acknowledged.",
        AlertKind.Resolve => $"{Reference}: the {Name} deadline no longer runs (met or not required).",
        _ => $"{Reference}: {Name} deadline due {DueAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC" +
             (DueAt <= At ? $" is OVERDUE" : $" ({Checkpoint})") +
             $". Escalation level {Level}" + (Repeat > 0 ? $", repeat {Repeat}" : "") + ".",
    };

    private string Name => Deadline == DeadlineKind.Dpo ? "DPO notification (6 h)" : "regulator notification (72 h)";
}

/// <summary>
/// One alert to one channel of one target. <c>AlertId</c> is stable for the same escalation, repeat, target,
/// channel and kind, so a receiver can drop a duplicate delivery.
/// </summary>
public sealed record DeliverAlert(Guid AlertId, AlertKind Kind, string Target, int ChannelIndex, AlertContent Content);
