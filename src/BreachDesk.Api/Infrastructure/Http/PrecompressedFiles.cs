using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace BreachDesk.Infrastructure.Http;

/// <summary>
/// Serves the gzip copy the build writes beside each static file (<c>app.css.gz</c> beside <c>app.css</c>) to clients that
/// accept gzip, with the original's content type and <c>Content-Encoding: gzip</c>; nothing is compressed per request.
/// Runs just before the static-file middleware, which then serves the copy (ETag, ranges, HEAD and all). Where no copy
/// exists (a test runner's output folder) the file is served as it is.
/// </summary>
public sealed class PrecompressedFiles(RequestDelegate next, IFileProvider files)
{
    private const string Suffix = ".gz";
    private const string OriginalContentType = "BreachDesk.PrecompressedFiles.ContentType";
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if ((HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            && path.HasValue && ContentTypes.TryGetContentType(path.Value!, out var contentType)
            && files.GetFileInfo(path.Value + Suffix) is { Exists: true, IsDirectory: false })
        {
            // Both forms of the response depend on the header, so shared caches must keep them apart.
            context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
            if (AcceptsGzip(context.Request))
            {
                context.Items[OriginalContentType] = contentType;
                context.Request.Path = path + Suffix;
            }
        }
        return next(context);
    }

    /// <summary>For the static-file middleware's options: labels a served copy as the file it stands for.</summary>
    public static void LabelCompressedCopy(StaticFileResponseContext file)
    {
        if (file.Context.Items[OriginalContentType] is not string contentType) return;
        file.Context.Response.ContentType = contentType;
        file.Context.Response.Headers.ContentEncoding = "gzip";
    }

    private static bool AcceptsGzip(HttpRequest request)
    {
        var accepted = request.GetTypedHeaders().AcceptEncoding;
        var gzip = accepted.FirstOrDefault(e => e.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase))
                   ?? accepted.FirstOrDefault(e => e.Value.Equals("*", StringComparison.Ordinal));
        return gzip is not null && (gzip.Quality ?? 1) > 0;
    }
}
