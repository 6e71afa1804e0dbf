using BreachDesk.Incidents;
using BreachDesk.Validation;

namespace BreachDesk.Closing;

/// <summary>
/// The DPO closes an incident once it is handled. The register must show the decision on risk for every
/// breach (Art. 33(5)), so an incident cannot be closed before the DPO has assessed it.
/// </summary>
public sealed record CloseIncident(string? Outcome, string? LessonsLearned = null) : IIncidentCommand<IncidentClosed>
{
    /// <summary>What is asked is checked on its own; the incident's state is the decision's concern.</summary>
    ValidationErrors IIncidentCommand<IncidentClosed>.Validate(Incident incident, DateTimeOffset now) => Validate();

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        errors.RequireText("outcome", Outcome, Limits.LongText);
        errors.OptionalText("lessonsLearned", LessonsLearned, Limits.LongText);
        return errors;
    }

    public IncidentClosed Decide(Incident incident, string actor, DateTimeOffset now)
    {
        incident.EnsureOpen("closing it again");
        if (incident.Risk is null)
            throw new IncidentConflictException("The DPO has not assessed the risk yet; the register needs that decision before the incident is closed.");
        return new IncidentClosed(incident.Id, Outcome!.Trim(), LessonsLearned?.Trim() ?? "", now, actor);
    }
}

/// <summary>New facts about a closed breach reopen it; the reason is kept.</summary>
public sealed record ReopenIncident(string? Reason) : IIncidentCommand<IncidentReopened>
{
    /// <summary>What is asked is checked on its own; the incident's state is the decision's concern.</summary>
    ValidationErrors IIncidentCommand<IncidentReopened>.Validate(Incident incident, DateTimeOffset now) => Validate();

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        errors.RequireText("reason", Reason, Limits.LongText);
        return errors;
    }

    public IncidentReopened Decide(Incident incident, string actor, DateTimeOffset now)
    {
        if (incident.Status != IncidentStatus.Closed) throw new IncidentConflictException("The incident is open; only a closed incident can be reopened.");
        return new IncidentReopened(incident.Id, Reason!.Trim(), now, actor);
    }
}
