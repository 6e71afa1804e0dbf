using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using BreachDesk.Deadlines;
using BreachDesk.Storage;

namespace BreachDesk.Infrastructure.Database;

/// <summary>
/// How a document marked <see cref="StoredSparselyAttribute"/> is written by Marten's serializer: a member that is null
/// or an empty collection is left out (a view with nothing assessed, notified or assigned yet held 16 such keys, about
/// 350 bytes of a 1,300-byte row), and a <see cref="DeadlinePolicy"/> is one string of ISO-8601 durations
/// (<c>"PT6H P3D P3D"</c>) instead of an object of three named spans (about 110 bytes less, on four rows a report).
/// Only writing changes: a missing member reads back as its default (null, or the empty collection the type
/// initialises), and rows written before keep reading, the policy in either form. Nested records keep their own shape
/// (they are also inside events), and events are never marked.
/// </summary>
public static class SparseDocumentJson
{
    public static void Apply(JsonSerializerOptions options) =>
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(LeaveOutEmpty);

    private static void LeaveOutEmpty(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object || type.Type.GetCustomAttribute<StoredSparselyAttribute>() is null) return;
        foreach (var property in type.Properties)
        {
            if (property.PropertyType == typeof(DeadlinePolicy)) property.CustomConverter = PolicyText.Instance;
            if (property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null) continue;
            var written = property.ShouldSerialize;
            property.ShouldSerialize = (owner, value) =>
                value is not null and not ICollection { Count: 0 } && (written is null || written(owner, value));
        }
    }

    /// <summary>A policy as <c>"PT6H P3D P3D"</c> (DPO notice, regulator notice, statutory regulator notice); reads the object form too.</summary>
    private sealed class PolicyText : JsonConverter<DeadlinePolicy>
    {
        public static readonly PolicyText Instance = new();

        public override DeadlinePolicy Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                var spans = reader.GetString()!.Split(' ');
                if (spans.Length != 3) throw new JsonException($"A stored deadline policy has three durations, not '{reader.GetString()}'.");
                return new DeadlinePolicy(IsoSpan(spans[0]), IsoSpan(spans[1]), IsoSpan(spans[2]));
            }

            // The object of rows written before: { dpoNoticeWithin, regulatorNoticeWithin, statutoryRegulatorNoticeWithin }.
            if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("A stored deadline policy is a string or an object.");
            TimeSpan dpo = default, regulator = default, statutory = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                var span = TimeSpan.ParseExact(reader.GetString()!, "c", CultureInfo.InvariantCulture);
                if (name.Equals(nameof(DeadlinePolicy.DpoNoticeWithin), StringComparison.OrdinalIgnoreCase)) dpo = span;
                else if (name.Equals(nameof(DeadlinePolicy.RegulatorNoticeWithin), StringComparison.OrdinalIgnoreCase)) regulator = span;
                else if (name.Equals(nameof(DeadlinePolicy.StatutoryRegulatorNoticeWithin), StringComparison.OrdinalIgnoreCase)) statutory = span;
            }
            return new DeadlinePolicy(dpo, regulator, statutory);
        }

        public override void Write(Utf8JsonWriter writer, DeadlinePolicy value, JsonSerializerOptions options) =>
            writer.WriteStringValue($"{IsoDuration.Format(value.DpoNoticeWithin)} {IsoDuration.Format(value.RegulatorNoticeWithin)} " +
                                    IsoDuration.Format(value.StatutoryRegulatorNoticeWithin));

        private static TimeSpan IsoSpan(string text) =>
            IsoDuration.TryParse(text, out var span) ? span : throw new JsonException($"'{text}' is not an ISO-8601 duration.");
    }
}
