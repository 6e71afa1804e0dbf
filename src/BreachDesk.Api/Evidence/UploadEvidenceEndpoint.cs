using System.Security.Claims;
using System.Text;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Auth;
using BreachDesk.Infrastructure.Http;
using BreachDesk.Validation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Wolverine.Attributes;
using Wolverine.Http;

namespace BreachDesk.Evidence;

/// <summary>
/// Receives one file as evidence (multipart/form-data: <c>file</c>, optional <c>description</c>), streaming it into
/// PostgreSQL while its SHA-256 is computed, then records <see cref="EvidenceAdded"/> with that digest through the one
/// command path. The bytes are committed first and the event second: a refused recording deletes them again.
/// </summary>
public static class UploadEvidenceEndpoint
{
    /// <summary>Room for the multipart framing and the description around the file itself.</summary>
    private const long MultipartOverheadBytes = 128 * 1024;

    [NonTransactional]
    [WolverinePost("/api/incidents/{id}/evidence"), Authorize(Roles = Roles.ReporterDpoOrOnCall)]
    [EndpointSummary("Add a file as evidence (multipart/form-data: file, description); its SHA-256 is recorded.")]
    [ProducesResponseType<EvidenceResponse>(201), ProducesResponseType<HttpValidationProblemDetails>(400)]
    [ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409), ProducesResponseType<ProblemDetails>(413)]
    public static async Task<IResult> Post(
        Guid id, HttpRequest request, ClaimsPrincipal user, IQuerySession session, IncidentCommandServices commands, EvidenceFiles files,
        IOptions<EvidenceOptions> options, TimeProvider clock, CancellationToken cancellation)
    {
        // The incident first, as every command answers: an unknown one is a 404 whatever was sent.
        var view = id == Guid.Empty ? null : await session.LoadAsync<IncidentView>(id, cancellation);
        if (view is null) return Problems.NotFound(id);
        if (view.Status == IncidentStatus.Closed) return Problems.Conflict("The incident is closed; reopen it before adding evidence.");

        var maxBytes = options.Value.MaxBytes;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
            return Problems.Result(new ValidationErrors().Add("body", "Send the file as multipart/form-data with a 'file' part.").ToProblem());
        if (request.ContentLength > maxBytes + MultipartOverheadBytes) return TooLarge(maxBytes);

        // Kestrel's 1 MiB default covers JSON commands; this route alone takes files up to the evidence limit.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes + MultipartOverheadBytes;

        var evidenceId = Guid.CreateVersion7(clock.GetUtcNow());
        string? fileName = null, contentType = null, description = null;
        StoredFile? stored = null;
        try
        {
            var reader = new MultipartReader(boundary, request.Body);
            while (await reader.ReadNextSectionAsync(cancellation) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
                switch (HeaderUtilities.RemoveQuotes(disposition.Name).Value)
                {
                    case "description":
                        description = await ReadTextAsync(section.Body, cancellation);
                        break;
                    case "file" when stored is null:
                        fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                        contentType = section.ContentType;
                        stored = await files.StoreAsync(evidenceId, section.Body, maxBytes, cancellation);
                        break;
                    case "file":
                        return Problems.Result(new ValidationErrors().Add("file", "Send one file per request.").ToProblem());
                }
            }
        }
        catch (EvidenceTooLargeException)
        {
            return TooLarge(maxBytes);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(maxBytes);
        }
        catch (Exception e) when (e is InvalidDataException or IOException) // malformed or truncated multipart framing
        {
            return Problems.Result(new ValidationErrors().Add("body", $"The multipart body could not be read: {e.Message}").ToProblem());
        }

        if (stored is null)
            return Problems.Result(new ValidationErrors().Add("file", "'file' is required: a part named 'file' with a file name.").ToProblem());

        var recorded = false;
        var result = await IncidentCommand.ExecuteAsync(id,
            new RecordEvidence(evidenceId, fileName, contentType, stored.Size, stored.Sha256, description), user, commands, clock,
            (after, _) =>
            {
                recorded = true;
                var file = after.Evidence.Single(f => f.Id == evidenceId);
                return Task.FromResult<IResult>(TypedResults.Json(EvidenceResponse.From(file), ApiJson.Options, statusCode: StatusCodes.Status201Created));
            },
            cancellation);
        if (!recorded) await files.DeleteAsync(evidenceId, CancellationToken.None);
        else request.HttpContext.Response.Headers.Location = $"/api/incidents/{id}/evidence/{evidenceId}";
        return result;
    }

    private static async Task<string> ReadTextAsync(Stream body, CancellationToken cancellation)
    {
        using var reader = new StreamReader(body, Encoding.UTF8);
        var buffer = new char[Limits.LongText + 1];
        var read = await reader.ReadBlockAsync(buffer, cancellation);
        return new string(buffer, 0, read);
    }

    private static IResult TooLarge(long maxBytes) => Problems.Result(new ProblemDetails
    {
        Status = StatusCodes.Status413PayloadTooLarge,
        Title = "The file is too large.",
        Detail = $"Evidence files may be at most {maxBytes:N0} bytes (BreachDesk:Evidence:MaxBytes).",
    });
}
