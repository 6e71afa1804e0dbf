using System.Security.Claims;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Http;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Wolverine.Http;

namespace BreachDesk.Evidence;

public static class ListEvidenceEndpoint
{
    [WolverineGet("/api/incidents/{id}/evidence"), Authorize(Roles = Roles.EvidenceReaders)]
    [EndpointSummary("The incident's evidence files, each with its chain of custody (upload, then every download).")]
    [ProducesResponseType<EvidenceResponse[]>(200), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, EvidenceFiles files, CancellationToken cancellation)
    {
        if (await session.LoadAsync<IncidentView>(id, cancellation) is not { } view) return Problems.NotFound(id);
        var custody = await files.CustodyAsync(view.Evidence.Select(f => f.Id).ToList(), cancellation);
        return TypedResults.Json(view.Evidence.Select(f => EvidenceResponse.From(f, custody[f.Id])).ToList(), ApiJson.Options);
    }
}

public static class DownloadEvidenceEndpoint
{
    [WolverineGet("/api/incidents/{id}/evidence/{evidenceId}"), Authorize(Roles = Roles.EvidenceReaders)]
    [EndpointSummary("The file's bytes, with Digest: sha-256=<base64>. Every download is recorded; a file whose bytes no longer match its recorded SHA-256 is refused.")]
    [ProducesResponseType(200), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    public static async Task<IResult> Get(
        Guid id, Guid evidenceId, ClaimsPrincipal user, IQuerySession session, EvidenceFiles files, TimeProvider clock, CancellationToken cancellation)
    {
        var file = (await session.LoadAsync<IncidentView>(id, cancellation))?.Evidence.SingleOrDefault(f => f.Id == evidenceId);
        if (file is null)
            return Problems.Result(new ProblemDetails { Status = 404, Title = "Unknown evidence.", Detail = $"Incident {id} has no evidence {evidenceId}." });

        // Checked in full before the first byte is sent: once the body has started, a mismatch could no longer be refused.
        if (!await files.MatchesAsync(evidenceId, file.Sha256, cancellation))
            return Problems.Result(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "The file no longer matches its recorded digest.",
                Detail = $"The stored bytes of {file.FileName} no longer have the SHA-256 recorded when it was received ({file.Sha256}); " +
                         "it was changed in the database and is not served. Restore it from a backup.",
            });

        await files.RecordCustodyAsync(evidenceId, "downloaded", clock.GetUtcNow(), user.Name(), cancellation);
        return new EvidenceDownload(file, files);
    }

    /// <summary>Streams the file from the database to the client, chunk by chunk.</summary>
    private sealed class EvidenceDownload(EvidenceView file, EvidenceFiles files) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            var response = context.Response;
            response.ContentType = file.ContentType;
            response.ContentLength = file.Size;
            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(file.FileName);
            response.Headers.ContentDisposition = disposition.ToString();
            var digest = Convert.ToBase64String(Convert.FromHexString(file.Sha256));
            response.Headers["Digest"] = $"sha-256={digest}";          // as API.md names it
            response.Headers["Repr-Digest"] = $"sha-256=:{digest}:";   // RFC 9530's own field
            await files.CopyToAsync(file.Id, response.Body, context.RequestAborted);
        }
    }
}
