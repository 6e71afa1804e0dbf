namespace BreachDesk.Drafting;

/// <summary>
/// One version of one draft of one incident, stored when a read first renders this text (<see cref="CurrentDrafts"/>);
/// never updated. The id carries the version, so two readers racing to add the same version cannot both succeed
/// (the loser re-reads and serves the winner's), and earlier versions stay for the record.
/// </summary>
public sealed class DraftDocument
{
    public string Id { get; set; } = "";
    public Guid IncidentId { get; set; }
    public string Kind { get; set; } = "";
    public int Version { get; set; }
    public DateTimeOffset GeneratedAt { get; set; }
    public string Markdown { get; set; } = "";

    /// <summary>The incident version whose rendering first produced this text.</summary>
    public long IncidentVersion { get; set; }

    /// <summary>Which template set first produced this text; another set that renders the same text keeps the version.</summary>
    public string TemplateFingerprint { get; set; } = "";

    public static string IdFor(Guid incidentId, DraftKind kind, int version) => $"{incidentId:N}/{kind.Name()}/{version}";
}
