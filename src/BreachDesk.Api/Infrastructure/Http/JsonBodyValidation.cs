using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;

namespace BreachDesk.Infrastructure.Http;

/// <summary>
/// Reads and checks the JSON body of every command before its endpoint runs, so that malformed JSON, a
/// wrong-typed field, an unknown enum value, invalid UTF-8 or an oversized body is a 400 problem naming
/// the field (API.md), not a bare 400 or a 500. The endpoint then binds the same, already buffered body.
/// </summary>
public sealed class JsonBodyValidation(RequestDelegate next, IConfiguration configuration)
{
    private readonly long _maxBodyBytes = configuration.GetValue("BreachDesk:Http:MaxBodyBytes", 256 * 1024L);

    public async Task InvokeAsync(HttpContext context)
    {
        var requestType = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        if (requestType is null || HttpMethods.IsGet(context.Request.Method))
        {
            await next(context);
            return;
        }

        var problem = await CheckAsync(context.Request, requestType);
        if (problem is not null)
        {
            await Problems.Result(problem).ExecuteAsync(context);
            return;
        }

        context.Request.Body.Position = 0;
        await next(context);
    }

    private async Task<Microsoft.AspNetCore.Mvc.ProblemDetails?> CheckAsync(HttpRequest request, Type requestType)
    {
        if (request.ContentType is not { } contentType || !IsJson(contentType))
            return Problems.Validation("body", "Send the body as JSON with 'Content-Type: application/json'.");

        if (request.ContentLength > _maxBodyBytes) return TooLarge();

        request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: _maxBodyBytes + 1);
        byte[] body;
        try
        {
            body = await ReadBoundedAsync(request.Body, _maxBodyBytes + 1, request.HttpContext.RequestAborted);
        }
        catch (IOException)
        {
            return TooLarge();
        }

        if (body.Length > _maxBodyBytes) return TooLarge();
        if (body.Length == 0) return Problems.Validation("body", "A JSON body is required.");

        try
        {
            if (JsonSerializer.Deserialize(body, requestType, ApiJson.Options) is null)
                return Problems.Validation("body", "A JSON object is required.");
            return FieldWithNul(body) is { } field
                ? Problems.Validation(field, $"'{field}' must not contain the NUL character (\\u0000).")
                : null;
        }
        catch (JsonException e)
        {
            return Problems.Validation(FieldOrBody(e), MessageFor(e, requestType));
        }
        catch (Exception e) when (e is InvalidOperationException or DecoderFallbackException or ArgumentException or NotSupportedException)
        {
            return Problems.Validation("body", "The body is not valid UTF-8 JSON.");
        }
    }

    /// <summary>
    /// The top-level field of the first string holding U+0000, which PostgreSQL's jsonb cannot store (found by the fuzz
    /// test: it was a 500 at commit). Valid JSON and valid UTF-8, so only a scan finds it.
    /// </summary>
    private static string? FieldWithNul(byte[] body)
    {
        // JSON can carry U+0000 only escaped, as \u0000: a body without that text needs no second parse (every command).
        if (body.AsSpan().IndexOf(@"\u0000"u8) < 0) return null;
        var reader = new Utf8JsonReader(body);
        string? field = null;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1) field = reader.GetString();
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped
                && reader.GetString()!.Contains('\0')) return field ?? "body";
        }
        return null;
    }

    private Microsoft.AspNetCore.Mvc.ProblemDetails TooLarge() =>
        Problems.Validation("body", $"The body is larger than the limit of {_maxBodyBytes / 1024} KiB.");

    private static bool IsJson(string contentType) =>
        contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
        || (contentType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && contentType.Contains("+json", StringComparison.OrdinalIgnoreCase));

    private static async Task<byte[]> ReadBoundedAsync(Stream stream, long limit, CancellationToken cancellation)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellation)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length >= limit) break;
        }
        return buffer.ToArray();
    }

    /// <summary>"$.systems[2]" becomes "systems[2]"; an error about the document as a whole is about "body".</summary>
    private static string FieldOf(JsonException e)
    {
        var unmapped = UnmappedProperty(e);
        if (unmapped is not null) return unmapped;
        var path = e.Path;
        if (string.IsNullOrEmpty(path) || path == "$") return "body";
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static string? UnmappedProperty(JsonException e)
    {
        const string marker = "The JSON property '";
        var message = e.Message;
        var start = message.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0 || !message.Contains("could not be mapped", StringComparison.Ordinal)) return null;
        start += marker.Length;
        var end = message.IndexOf('\'', start);
        return end > start ? message[start..end] : null;
    }

    /// <summary>A value the reader understood as JSON but could not bind, as opposed to JSON that is not well-formed.</summary>
    private static bool IsBindingError(JsonException e) =>
        e.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
        || e.Message.StartsWith(StrictDateTimeOffsetConverter.ErrorPrefix, StringComparison.Ordinal);

    private static string FieldOrBody(JsonException e) =>
        UnmappedProperty(e) is not null || IsBindingError(e) ? FieldOf(e) : "body";

    private static string MessageFor(JsonException e, Type requestType)
    {
        var field = FieldOf(e);
        if (UnmappedProperty(e) is not null) return $"'{field}' is not a field of this request.";
        if (!IsBindingError(e) || field == "body")
            return $"The body is not well-formed JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).";
        if (e.Message.Contains(StrictDateTimeOffsetConverter.TooEarly, StringComparison.Ordinal))
            return $"'{field}' {StrictDateTimeOffsetConverter.TooEarly}.";

        var property = requestType.GetProperty(field.Split('.', '[')[0],
            BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        var type = property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (type is not null && field.Contains('[') && type.IsGenericType) type = type.GetGenericArguments()[0];
        return $"'{field}' {Expectation(type)}.";
    }

    private static string Expectation(Type? type)
    {
        if (type is null) return "has a value of the wrong type";
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(DateTimeOffset)) return "must be an ISO-8601 timestamp with an offset, such as 2026-11-23T09:30:00Z or 2026-11-23T09:30:00+01:00";
        if (type == typeof(bool)) return "must be true or false";
        if (type == typeof(int) || type == typeof(long)) return "must be a whole number";
        if (type == typeof(string)) return "must be a string";
        if (type == typeof(TimeSpan)) return "must be an ISO-8601 duration such as PT6H";
        if (type.IsEnum)
        {
            var names = Enum.GetNames(type).Select(n => JsonNamingPolicy.KebabCaseLower.ConvertName(n));
            return $"must be one of: {string.Join(", ", names)}";
        }
        if (type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(type)) return "must be a list";
        return "has a value of the wrong type";
    }
}
