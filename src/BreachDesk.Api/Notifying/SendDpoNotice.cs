using System.Security.Claims;
using BreachDesk.Drafting;
using BreachDesk.Escalating;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Database;
using BreachDesk.Infrastructure.Http;
using BreachDesk.Infrastructure.Mail;
using Markdig;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MimeKit;
using Wolverine.Attributes;
using Wolverine.Http;

namespace BreachDesk.Notifying;

/// <summary>
/// E-mails the DPO-notice draft as it is now (the text of <c>GET …/drafts/dpo-notice</c>, as plain text with an HTML
/// alternative) to <c>BreachDesk:Dpo:Email</c>, then records the notice (<c>DpoNotified</c>, channel <c>email</c>, with
/// the draft version and the recipient) through the one command path. In that order: a notice is on record only
/// when the mail server took it. So:
/// <list type="bullet">
/// <item>no DPO address or no mail server configured: 409 naming the setting, nothing sent;</item>
/// <item>the mail server unreachable or refusing: 502, nothing recorded (sending again is safe);</item>
/// <item>the DPO already notified: sent and recorded again, as a further notice (the first still meets the clock);</item>
/// <item><c>Idempotency-Key</c>: a retry with the same key answers the incident and sends nothing more;</item>
/// <item><c>If-Match</c>: sent only while the incident is at that version (412 otherwise).</item>
/// </list>
/// </summary>
public static class SendDpoNoticeEndpoint
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string DpoEmailKey = "BreachDesk:Dpo:Email";
    private const int MaxKeyLength = 200;

    [NonTransactional] // the claim, the mail and the record are three steps, each committed on its own
    [WolverinePost("/api/incidents/{id}/dpo-notice/send"), Authorize(Roles = Roles.ReporterDpoOrOnCall)]
    [EndpointSummary("E-mail the current DPO-notice draft to the DPO (BreachDesk:Dpo:Email) and record the notice with the draft's version. " +
                     "Honours Idempotency-Key: a retry sends nothing more.")]
    [IncidentCommandEndpoint]
    [ProducesResponseType<ProblemDetails>(502)]
    public static async Task<IResult> Post(
        Guid id, HttpRequest request, ClaimsPrincipal user, IQuerySession session, IncidentCommandServices commands, IDocumentStore store,
        CurrentDrafts drafts, IOptions<DpoContactOptions> dpo, IOptions<EscalationOptions> escalation,
        TimeProvider clock, ILogger<DpoNoticeSending> logger, CancellationToken cancellation)
    {
        var key = request.Headers[IdempotencyHeader].ToString();
        if (key.Length > MaxKeyLength)
            return Problems.Result(Problems.Validation(IdempotencyHeader, $"'{IdempotencyHeader}' must be at most {MaxKeyLength} characters."));

        if (id == Guid.Empty || await session.LoadAsync<IncidentView>(id, cancellation) is not { } view) return Problems.NotFound(id);
        // If-Match: send only the notice of the incident as the sender last read it.
        if (ETags.AcceptedVersions(request) is { } accepted && !accepted.Contains(view.Version)) return Problems.PreconditionFailed(view.Version);
        if (view.Status == IncidentStatus.Closed) return Problems.Conflict("The incident is closed; reopen it before sending the DPO notice.");

        // Configuration first: a send that cannot reach anyone must not take a key or render a version.
        var recipient = dpo.Value.Email?.Trim();
        if (string.IsNullOrEmpty(recipient) || !MailboxAddress.TryParse(recipient, out var to))
            return Problems.Conflict($"No DPO e-mail address is configured, so nothing was sent: set {DpoEmailKey} to the DPO's address.");
        var smtp = escalation.Value.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host))
            return Problems.Conflict($"No mail server is configured, so nothing was sent: set {SmtpOptions.HostKey} (and its Port, From).");

        var actor = user.Name();
        DpoNoticeSending? claim = null;
        if (key.Length > 0)
        {
            claim = new DpoNoticeSending { Id = DpoNoticeSending.IdFor(actor, id, key), IncidentId = id, ClaimedAt = clock.GetUtcNow() };
            if (await ClaimAsync(store, claim, cancellation) is { } earlier)
                return earlier.Sent
                    ? new IncidentResult((await session.LoadAsync<IncidentView>(id, cancellation))!, clock.GetUtcNow())
                    : Problems.Conflict("A send with this Idempotency-Key is under way or was interrupted; read the incident's DPO notices before sending again with a new key.");
        }

        if (await drafts.ReadAsync(id, [DraftKind.DpoNotice], cancellation) is not { } current) return Problems.NotFound(id);
        var draft = current[DraftKind.DpoNotice];

        try
        {
            await SmtpMail.SendAsync(smtp, Message(smtp, to, view, draft), cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            logger.LogWarning(e, "The DPO notice of {Reference} was not sent: the mail server failed.", view.Reference);
            if (claim is not null) await ReleaseAsync(store, claim.Id);
            return Problems.Result(new ProblemDetails
            {
                Status = StatusCodes.Status502BadGateway,
                Title = "The mail server did not take the DPO notice.",
                Detail = $"Nothing was sent and nothing recorded; sending again is safe. The mail server said: {e.Message}",
            });
        }

        var sections = DraftRendering.Sections(draft.Markdown).Sections;
        var command = new RecordDpoNoticeSent(clock.GetUtcNow(), draft.Version, to.Address,
            SectionText(sections, "(ii)") ?? $"As in the DPO notice e-mailed (draft version {draft.Version}).",
            SectionText(sections, "(iii)") ?? $"As in the DPO notice e-mailed (draft version {draft.Version}).");
        return await IncidentCommand.ExecuteAsync(id, command, user, commands, clock, async (after, now) =>
        {
            if (claim is not null) await MarkSentAsync(store, claim, draft.Version, cancellation);
            return new IncidentResult(after, now);
        }, cancellation);
    }

    private static MimeMessage Message(SmtpOptions smtp, MailboxAddress to, IncidentView view, CurrentDraft draft)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(to);
        message.Subject = Markdown.ToPlainText(DraftRendering.Sections(draft.Markdown).Title).Trim();
        message.Headers.Add("X-BreachDesk-Incident", view.Reference);
        message.Headers.Add("X-BreachDesk-Draft-Version", draft.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        message.Body = new BodyBuilder { TextBody = draft.Markdown, HtmlBody = DraftRendering.Html(draft.Markdown) }.ToMessageBody();
        return message;
    }

    /// <summary>A section's text without its Markdown, found by the start of its heading: what the DPO read there.</summary>
    private static string? SectionText(IReadOnlyList<DraftSection> sections, string headingStart) =>
        sections.FirstOrDefault(s => s.Heading.StartsWith(headingStart, StringComparison.Ordinal)) is { } section
            ? Markdown.ToPlainText(section.Body).Trim() is { Length: > 0 } text ? text : null
            : null;

    /// <returns>Null when this request took the claim; otherwise the claim an earlier request with the key holds.</returns>
    private static async Task<DpoNoticeSending?> ClaimAsync(IDocumentStore store, DpoNoticeSending claim, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        session.Insert(claim);
        try
        {
            await session.SaveChangesAsync(cancellation);
            return null;
        }
        catch (Exception e) when (e.IsUniqueViolation())
        {
            await using var query = store.QuerySession();
            return await query.LoadAsync<DpoNoticeSending>(claim.Id, cancellation) ?? claim;
        }
    }

    private static async Task ReleaseAsync(IDocumentStore store, string claimId)
    {
        await using var session = store.LightweightSession();
        session.Delete<DpoNoticeSending>(claimId);
        // Not the request's token: the claim must go even when the caller gave up, or the key stays blocked.
        await session.SaveChangesAsync(CancellationToken.None);
    }

    private static async Task MarkSentAsync(IDocumentStore store, DpoNoticeSending claim, int draftVersion, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        claim.Sent = true;
        claim.DraftVersion = draftVersion;
        session.Store(claim);
        await session.SaveChangesAsync(CancellationToken.None);
    }
}
