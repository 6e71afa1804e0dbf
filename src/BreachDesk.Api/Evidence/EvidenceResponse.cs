using BreachDesk.Incidents;

namespace BreachDesk.Evidence;

/// <summary>One file of evidence as the API shows it; <c>Custody</c> lists its upload and every download since.</summary>
public sealed record EvidenceResponse(
    Guid Id, string FileName, string ContentType, long Size, string Sha256, string UploadedBy, DateTimeOffset UploadedAt,
    string? Description, IReadOnlyList<CustodyEntry>? Custody = null)
{
    public static EvidenceResponse From(EvidenceView file, IEnumerable<CustodyEntry>? downloads = null) => new(
        file.Id, file.FileName, file.ContentType, file.Size, file.Sha256, file.UploadedBy, file.UploadedAt, file.Description,
        downloads is null ? null : [new CustodyEntry("uploaded", file.UploadedAt, file.UploadedBy), .. downloads]);
}
