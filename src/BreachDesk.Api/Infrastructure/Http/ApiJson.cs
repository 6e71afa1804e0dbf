using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BreachDesk.Infrastructure.Http;

/// <summary>
/// The JSON conventions of the public contract (API.md): camelCase, kebab-case enum values ("third-party",
/// "met-late"), timestamps with an offset on input and in UTC on output, and no unknown fields, so that a
/// misspelt field ("occuredAt") is a 400 rather than a fact silently dropped from the record.
/// </summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = false;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.MaxDepth = 32;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(new StrictDateTimeOffsetConverter());
    }

    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>
/// Reads only ISO-8601 timestamps that carry an offset ("Z" or "+01:00"): a local time without one is
/// ambiguous, and a deadline computed from a guessed zone could be hours wrong. Refuses times before
/// <see cref="Validation.Limits.EarliestTime"/>, which no fact recorded here can have, for every field of every command at once.
/// Reads them as UTC instants and writes UTC with "Z".
/// </summary>
public sealed class StrictDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public const string ErrorPrefix = "Expected an ISO-8601 timestamp";

    /// <summary>The message of a well-formed timestamp before <see cref="Validation.Limits.EarliestTime"/>, after the field's name.</summary>
    public static readonly string TooEarly =
        $"must not be before {Validation.Limits.EarliestTime.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}: no fact recorded here can be older";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException($"{ErrorPrefix} string.");
        var text = reader.GetString()!;
        if (!HasOffset(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
            throw new JsonException($"{ErrorPrefix} with an offset.");
        if (value < Validation.Limits.EarliestTime) throw new JsonException($"{ErrorPrefix} {TooEarly}.");
        // The instant is the fact; the sender's offset is how they wrote it. Kept as UTC from here on, so no event,
        // document or timestamptz column ever holds another offset (Npgsql writes only offset 0 to timestamptz).
        return value.ToUniversalTime();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));

    private static bool HasOffset(string text)
    {
        var time = text.IndexOf('T');
        if (time < 0) return false;
        var tail = text.AsSpan(time);
        return tail.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || tail.LastIndexOfAny('+', '-') > 0;
    }
}
