namespace BreachDesk.Drafting;

/// <summary>
/// One version of one draft of one incident. A new version is inserted only when the rendered text changes; its
/// text is never updated. The id carries the version, so two writers racing to add the same version cannot both
/// succeed (the loser re-reads and finds the work done), and earlier versions stay for the record.
/// </summary>
public sealed class DraftDocument
{
    public string Id { get; set; } = "";
    public Guid IncidentId { get; set; }
    public string Kind { get; set; } = "";
    public int Version { get; set; }
    public DateTimeOffset GeneratedAt { get; set; }
    public string Markdown { get; set; } = "";

    /// <summary>The newest incident version this text was rendered from: an unchanged rendering moves it on.</summary>
    public long IncidentVersion { get; set; }

    /// <summary>Which templates rendered it: a changed template set re-renders even an unchanged incident.</summary>
    public string TemplateFingerprint { get; set; } = "";

    public static string IdFor(Guid incidentId, DraftKind kind, int version) => $"{incidentId:N}/{kind.Name()}/{version}";
}
