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

    [NonTransactional] // the reads with the claim, the mail, and the record are three steps, the first and last each one transaction
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
        if (id == Guid.Empty) return Problems.NotFound(id);

        var actor = user.Name();
        var claim = key.Length > 0 ? new DpoNoticeSending { Id = DpoNoticeSending.IdFor(actor, id, key), IncidentId = id } : null;
        IncidentView view;
        CurrentDraft draft;
        for (var attempt = 1; ; attempt++)
        {
            // Before the mail, one transaction (decision 0035): the view, the draft (its new version, if the text
            // changed) and an earlier claim of the key read in one round trip, then the draft's version and this claim
            // committed together. An answer before the commit (404, 412, 409) rolls back: it took no key, stored no version.
            await using var before = store.LightweightSession();
            await before.BeginTransactionAsync(cancellation);
            Task<DpoNoticeSending?>? earlierRead = null;
            var read = await drafts.ReadInAsync(before, id, [DraftKind.DpoNotice],
                claim is null ? null : reads => earlierRead = reads.Load<DpoNoticeSending>(claim.Id), cancellation);
            if (read.View is not { } current) return Problems.NotFound(id);
            // If-Match: send only the notice of the incident as the sender last read it.
            if (ETags.AcceptedVersions(request) is { } accepted && !accepted.Contains(current.Version)) return Problems.PreconditionFailed(current.Version);
            if (current.Status == IncidentStatus.Closed) return Problems.Conflict("The incident is closed; reopen it before sending the DPO notice.");

            // Configuration before anything is written: a send that cannot reach anyone must not take a key or store a version.
            if (Unconfigured(dpo.Value, escalation.Value.Smtp) is { } missing) return missing;
            if (earlierRead is not null && await earlierRead is { } earlier) return await Earlier(earlier, id, session, clock, cancellation);

            if (claim is not null)
            {
                claim.ClaimedAt = clock.GetUtcNow();
                before.Insert(claim);
            }
            try
            {
                // Nothing queued (no key, the draft's text unchanged): the reads were all, and nothing commits.
                if (claim is not null || read.Stored) await before.SaveChangesAsync(cancellation);
            }
            catch (Exception e) when (e.IsUniqueViolation())
            {
                // Another request took the key between the read and the commit; or another reader stored the draft's
                // version first, and the draft is read again as any reader would.
                if (claim is not null && await LoadClaimAsync(store, claim.Id, cancellation) is { } winner)
                    return await Earlier(winner, id, session, clock, cancellation);
                if (attempt < ReadAttempts) continue;
                throw;
            }
            (view, draft) = (current, read.Drafts![DraftKind.DpoNotice]);
            break;
        }

        var to = MailboxAddress.Parse(dpo.Value.Email!.Trim()); // checked by Unconfigured
        var smtp = escalation.Value.Smtp;
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
        // The claim is marked sent in the notice's own transaction: sent is on record exactly when the notice is.
        return await IncidentCommand.ExecuteAsync(id, command, user, commands, clock,
            (after, now) => Task.FromResult<IResult>(new IncidentResult(after, now)), cancellation,
            alongside: claim is null ? null : recording => MarkSent(recording, claim, draft.Version));
    }

    /// <summary>How often the reads before the mail are done again after another reader stored the draft's next version first.</summary>
    private const int ReadAttempts = 5;

    /// <summary>A 409 naming the setting that is missing for the mail to reach the DPO, or null.</summary>
    private static IResult? Unconfigured(DpoContactOptions dpo, SmtpOptions smtp)
    {
        var recipient = dpo.Email?.Trim();
        if (string.IsNullOrEmpty(recipient) || !MailboxAddress.TryParse(recipient, out _))
            return Problems.Conflict($"No DPO e-mail address is configured, so nothing was sent: set {DpoEmailKey} to the DPO's address.");
        if (string.IsNullOrWhiteSpace(smtp.Host))
            return Problems.Conflict($"No mail server is configured, so nothing was sent: set {SmtpOptions.HostKey} (and its Port, From).");
        return null;
    }

    /// <summary>A retry of a keyed send: the incident once the first send is on record, else a 409 (it is under way or was interrupted).</summary>
    private static async Task<IResult> Earlier(DpoNoticeSending earlier, Guid id, IQuerySession session, TimeProvider clock, CancellationToken cancellation) =>
        earlier.Sent
            ? new IncidentResult((await session.LoadAsync<IncidentView>(id, cancellation))!, clock.GetUtcNow())
            : Problems.Conflict("A send with this Idempotency-Key is under way or was interrupted; read the incident's DPO notices before sending again with a new key.");

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

    private static async Task<DpoNoticeSending?> LoadClaimAsync(IDocumentStore store, string claimId, CancellationToken cancellation)
    {
        await using var query = store.QuerySession();
        return await query.LoadAsync<DpoNoticeSending>(claimId, cancellation);
    }

    private static async Task ReleaseAsync(IDocumentStore store, string claimId)
    {
        await using var session = store.LightweightSession();
        session.Delete<DpoNoticeSending>(claimId);
        // Not the request's token: the claim must go even when the caller gave up, or the key stays blocked.
        await session.SaveChangesAsync(CancellationToken.None);
    }

    private static void MarkSent(IDocumentSession recording, DpoNoticeSending claim, int draftVersion)
    {
        claim.Sent = true;
        claim.DraftVersion = draftVersion;
        recording.Store(claim);
    }
}
