using System.Security.Cryptography;
using System.Text;
using BreachDesk.Incidents;

namespace BreachDesk.Escalating;

/// <summary>What a checkpoint that fell due decides, given the incident as it is now.</summary>
public abstract record EscalationOutcome
{
    /// <summary>The checkpoint no longer applies; <c>Why</c> is for the log.</summary>
    public sealed record Stale(string Why) : EscalationOutcome;

    /// <summary>Alert: the event to append, and the repeat to plan if the deadline stays missed.</summary>
    public sealed record Raise(object Event, EscalationCheckpoint? NextRepeat) : EscalationOutcome;
}

public static class EscalationDecision
{
    /// <summary>
    /// Re-reads the incident before acting: a deadline met, made unnecessary or moved, a closed incident, a
    /// checkpoint already fired (delivered twice) or a repeat of an acknowledged escalation does nothing.
    /// </summary>
    public static EscalationOutcome Decide(Incident incident, EscalationCheckpoint checkpoint, EscalationPolicy policy, DateTimeOffset now)
    {
        if (!incident.IsRunning(checkpoint.Deadline)) return new EscalationOutcome.Stale("the deadline is met, not required, or the incident is closed");
        if (!checkpoint.AtReport && incident.DueAt(checkpoint.Deadline) != checkpoint.DueAt) return new EscalationOutcome.Stale("the deadline has moved");
        if (incident.FiredCheckpoints.Contains(checkpoint.Key)) return new EscalationOutcome.Stale("this checkpoint has already fired");

        var escalationId = IdFor(incident.Id, checkpoint.EscalationKey);
        var repeats = checkpoint.Checkpoint == EscalationPolicy.AtDue;
        var next = repeats ? EscalationPlanner.NextRepeat(checkpoint, policy, now) : null;

        if (checkpoint.Repeat == 0)
            return new EscalationOutcome.Raise(new EscalationRaised(incident.Id, escalationId, incident.Reference, checkpoint.Deadline,
                checkpoint.Checkpoint, checkpoint.DueAt, checkpoint.Level, checkpoint.Key, now), next);

        if (incident.Escalations.TryGetValue(escalationId, out var raised) && raised.Acknowledged)
            return new EscalationOutcome.Stale("the escalation was acknowledged");
        return new EscalationOutcome.Raise(new EscalationRepeated(incident.Id, escalationId, checkpoint.Repeat, checkpoint.Level, checkpoint.Key, now), next);
    }

    /// <summary>A stable id per incident and checkpoint: a retried decision names the same escalation.</summary>
    public static Guid IdFor(Guid incidentId, string escalationKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{incidentId:N}/{escalationKey}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // RFC 4122 name-based layout (version 5 bits), so it reads as a UUID
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
