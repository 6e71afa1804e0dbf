using BreachDesk.Incidents;
using BreachDesk.Validation;

namespace BreachDesk.Containing;

/// <summary>A step taken to contain the breach or recover from it (password resets, remote wipe, recall of an e-mail).</summary>
public sealed record RecordContainment(string? Action, DateTimeOffset? TakenAt) : IIncidentCommand<ContainmentActionTaken>
{
    public ValidationErrors Validate(Incident incident, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        errors.RequireText("action", Action, Limits.LongText);
        // Unlike notices, containment may predate discovery: an automated block can stop a breach before anyone knows of it.
        errors.Require("takenAt", TakenAt);
        errors.NotInFuture("takenAt", TakenAt, now);
        return errors;
    }

    public ContainmentActionTaken Decide(Incident incident, string actor, DateTimeOffset now)
    {
        incident.EnsureOpen("recording containment");
        return new ContainmentActionTaken(incident.Id, Action!.Trim(), TakenAt!.Value, now, actor);
    }
}
