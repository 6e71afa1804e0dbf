using BreachDesk.Incidents;
using BreachDesk.Validation;

namespace BreachDesk.Evidence;

/// <summary>
/// Records a file already stored (its bytes, size and digest) as evidence of the incident. The bytes are received
/// before this is decided, so the decision rests on facts about them, not on the bytes themselves.
/// </summary>
public sealed record RecordEvidence(Guid EvidenceId, string? FileName, string? ContentType, long Size, string Sha256, string? Description)
    : IIncidentCommand<EvidenceAdded>
{
    public const int MaxFileNameLength = 255;

    /// <summary>An incident's evidence is a list a person reads; beyond this it is a file share, not evidence.</summary>
    public const int MaxFilesPerIncident = 1_000;

    public ValidationErrors Validate(Incident incident, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        errors.RequireText("file", FileName, MaxFileNameLength);
        errors.OptionalText("description", Description, Limits.LongText);
        if (Size == 0) errors.Add("file", "'file' is empty.");
        return errors;
    }

    public EvidenceAdded Decide(Incident incident, string actor, DateTimeOffset now)
    {
        incident.EnsureOpen("adding evidence");
        if (incident.EvidenceCount >= MaxFilesPerIncident)
            throw new IncidentConflictException($"The incident already holds {MaxFilesPerIncident} files, the most one incident may hold.");
        return new EvidenceAdded(incident.Id, EvidenceId, Path.GetFileName(FileName!.Trim()),
            string.IsNullOrWhiteSpace(ContentType) ? "application/octet-stream" : ContentType.Trim(),
            Size, Sha256, Description.TrimmedOrNull(), now, actor);
    }
}
