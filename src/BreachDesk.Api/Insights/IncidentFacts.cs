using System.Runtime.CompilerServices;
using BreachDesk.Assessing;
using BreachDesk.Incidents;
using Marten;
using Npgsql;

namespace BreachDesk.Insights;

/// <summary>
/// What the figures need of one incident: a few dozen bytes, not its whole view. The clocks' statuses are not here:
/// they are evaluated from these facts by the one rule (<see cref="Deadlines.DeadlineRules.Evaluate"/>).
/// </summary>
public sealed record IncidentFact(
    string Reference,
    string Title,
    IncidentStatus Status,
    DateTimeOffset DiscoveredAt,
    IncidentSource Source,
    bool ImpactAssessed,
    IReadOnlyList<DataCategory> DataCategories,
    int? ApproxDataSubjects,
    DateTimeOffset DpoDueAt,
    DateTimeOffset? DpoMetAt,
    DateTimeOffset RegulatorDueAt,
    DateTimeOffset RegulatorStatutoryDueAt,
    DateTimeOffset? RegulatorMetAt,
    bool RegulatorRequired,
    RiskLevel? Risk,
    string? LateReason,
    bool DataSubjectsTold,
    int DataSubjectsToldCount);

/// <summary>
/// The incidents of which the organisation became aware in a period, read as compact rows in one statement and
/// streamed: an index range on the awareness column (<see cref="InsightsConfiguration"/>), each document unpacked once
/// (<c>jsonb_to_record</c>, rather than one detoasting per field), nothing held but the row being read. The two lists
/// (data categories, people told) come back as JSON and are read here: a subquery per row in SQL cost a third more.
/// </summary>
public static class IncidentFacts
{
    public static async IAsyncEnumerable<IncidentFact> ReadAsync(
        IQuerySession session, NpgsqlDataSource dataSource, DateTimeOffset from, DateTimeOffset until,
        [EnumeratorCancellation] CancellationToken cancellation)
    {
        var table = session.DocumentStore.Options.Schema.For<IncidentView>();
        await using var command = dataSource.CreateCommand($"""
            SELECT r."reference", r."title", t.status, t.discovered_at, r."source",
                   jsonb_typeof(r."impact") = 'object',
                   r."impact" -> 'dataCategories',
                   CASE WHEN jsonb_typeof(r."impact" -> 'approxDataSubjects') = 'number' THEN (r."impact" ->> 'approxDataSubjects')::int END,
                   r."dpoDueAt", r."dpoMetAt", r."regulatorDueAt", r."regulatorStatutoryDueAt", r."regulatorMetAt",
                   COALESCE(r."regulatorRequired", TRUE),
                   r."risk" ->> 'level', r."regulatorNotification" ->> 'lateReason',
                   jsonb_path_query_array(r."dataSubjectNotifications", '$[*].recipients')
            FROM {table} t,
                 jsonb_to_record(t.data) AS r("reference" text, "title" text, "source" text, "impact" jsonb,
                     "dpoDueAt" timestamptz, "dpoMetAt" timestamptz, "regulatorDueAt" timestamptz,
                     "regulatorStatutoryDueAt" timestamptz, "regulatorMetAt" timestamptz, "regulatorRequired" boolean,
                     "risk" jsonb, "regulatorNotification" jsonb, "dataSubjectNotifications" jsonb)
            WHERE t.discovered_at >= $1 AND t.discovered_at < $2
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = until });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            var categories = reader.IsDBNull(6) ? [] : Numbers.Strings(reader.GetString(6));
            var told = reader.IsDBNull(16) ? [] : Numbers.Integers(reader.GetString(16));
            yield return new IncidentFact(
                reader.GetString(0),
                reader.IsDBNull(1) ? "" : reader.GetString(1),
                EnumText.Parse<IncidentStatus>(reader.GetString(2)) ?? IncidentStatus.Open,
                reader.GetFieldValue<DateTimeOffset>(3),
                EnumText.Parse<IncidentSource>(reader.IsDBNull(4) ? null : reader.GetString(4)) ?? IncidentSource.Staff,
                !reader.IsDBNull(5) && reader.GetBoolean(5),
                categories.Select(EnumText.Parse<DataCategory>).OfType<DataCategory>().ToList(),
                reader.IsDBNull(7) ? null : reader.GetInt32(7),
                reader.GetFieldValue<DateTimeOffset>(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
                reader.GetFieldValue<DateTimeOffset>(10),
                reader.GetFieldValue<DateTimeOffset>(11),
                reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
                reader.GetBoolean(13),
                EnumText.Parse<RiskLevel>(reader.IsDBNull(14) ? null : reader.GetString(14)),
                reader.IsDBNull(15) ? null : reader.GetString(15),
                told.Count > 0,
                (int)Math.Min(int.MaxValue, told.Sum()));
        }
    }
}

/// <summary>The small JSON arrays of a fact row.</summary>
internal static class Numbers
{
    public static IReadOnlyList<string> Strings(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Array
            ? document.RootElement.EnumerateArray().Where(e => e.ValueKind == System.Text.Json.JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : [];
    }

    public static IReadOnlyList<long> Integers(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Array
            ? document.RootElement.EnumerateArray().Where(e => e.ValueKind == System.Text.Json.JsonValueKind.Number && e.TryGetInt64(out _))
                .Select(e => e.GetInt64()).ToList()
            : [];
    }
}

/// <summary>Enum values as stored in documents ("ThirdParty") or written in the API ("third-party"), read alike.</summary>
public static class EnumText
{
    public static T? Parse<T>(string? text) where T : struct, Enum =>
        text is not null && !text.Any(char.IsDigit) && Enum.TryParse<T>(text.Replace("-", ""), ignoreCase: true, out var value)
            ? value : null;

    /// <summary>The API's name of a value: kebab-case, as <c>ApiJson</c> writes enums.</summary>
    public static string Name<T>(T value) where T : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
