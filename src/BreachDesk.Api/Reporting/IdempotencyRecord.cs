using System.Security.Cryptography;
using System.Text.Json;
using BreachDesk.Infrastructure.Http;

namespace BreachDesk.Reporting;

/// <summary>
/// Remembers which incident an <c>Idempotency-Key</c> created, and a fingerprint of the request, so a retry
/// returns the first result and a reuse of the key for another request is refused. Stored in the same
/// transaction as the incident's first event: either both exist or neither does. Keys are scoped to the
/// authenticated principal, so two clients cannot collide by choosing the same key.
/// </summary>
public sealed class IdempotencyRecord
{
    public const int MaxKeyLength = 200;

    public string Id { get; set; } = "";
    public string RequestFingerprint { get; set; } = "";
    public Guid IncidentId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public static string IdFor(string principal, string key) => $"{principal}\n{key}";

    /// <summary>The canonical JSON of the bound command, so that whitespace or field order do not matter.</summary>
    public static string Fingerprint<T>(T command) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(command, ApiJson.Options)));
}
