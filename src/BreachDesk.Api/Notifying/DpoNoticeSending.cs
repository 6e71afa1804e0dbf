namespace BreachDesk.Notifying;

/// <summary>
/// The claim a keyed send of the DPO notice takes before it e-mails anything (<see cref="SendDpoNoticeEndpoint"/>):
/// one per principal, incident and <c>Idempotency-Key</c>. Taken in a transaction of its own, so of two requests
/// with the same key only one reaches the mail server; removed again when the server refused the mail, so that a
/// retry may send. <c>Sent</c> marks a claim whose mail went and whose notice was recorded.
/// </summary>
public sealed class DpoNoticeSending
{
    public string Id { get; set; } = "";
    public Guid IncidentId { get; set; }
    public bool Sent { get; set; }
    public int? DraftVersion { get; set; }
    public DateTimeOffset ClaimedAt { get; set; }

    public static string IdFor(string principal, Guid incidentId, string key) => $"{principal}\n{incidentId}\n{key}";
}
