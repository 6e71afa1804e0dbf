using System.Runtime.CompilerServices;
using BreachDesk.Assessing;
using BreachDesk.Incidents;
using Marten;
using Npgsql;

namespace BreachDesk.Insights;

/// <summary>
/// What the figures need of one incident: a few dozen bytes, not its whole view. The clocks' statuses are not here:
/// they are evaluated from these facts by the one rule (<see cref="Deadlines.DeadlineRules.Evaluate"/>). What only a
/// late report shows (reference, title, reason) is read for those few alone (<see cref="LateReportDetails"/>).
/// </summary>
public sealed record IncidentFact(
    Guid Id,
    DateTimeOffset DiscoveredAt,
    IncidentSource Source,
    bool ImpactAssessed,
    DataCategorySet DataCategories,
    int? ApproxDataSubjects,
    DateTimeOffset DpoDueAt,
    DateTimeOffset? DpoMetAt,
    DateTimeOffset RegulatorDueAt,
    DateTimeOffset RegulatorStatutoryDueAt,
    DateTimeOffset? RegulatorMetAt,
    bool RegulatorRequired,
    RiskLevel? Risk,
    bool DataSubjectsTold,
    int DataSubjectsToldCount);

/// <summary>
/// The incidents of which the organisation became aware in a period, read in one statement and streamed: an index
/// range on the awareness column, and from each row only the narrow duplicated columns that Marten keeps from the view
/// (<see cref="InsightsConfiguration"/>), so no document is detoasted or parsed (decision 0024: that was 8-14 s of a
/// year's 84,000 incidents). Nothing is held but the row being read.
/// </summary>
public static class IncidentFacts
{
    public static async IAsyncEnumerable<IncidentFact> ReadAsync(
        IQuerySession session, NpgsqlDataSource dataSource, DateTimeOffset from, DateTimeOffset until,
        [EnumeratorCancellation] CancellationToken cancellation)
    {
        var table = session.DocumentStore.Options.Schema.For<IncidentView>();
        await using var command = dataSource.CreateCommand($"""
            SELECT id, discovered_at, source, insight_impact_assessed, insight_data_categories, insight_approx_data_subjects,
                   dpo_due_at, dpo_met_at, regulator_due_at, regulator_statutory_due_at, regulator_met_at, regulator_required,
                   insight_risk_level, insight_data_subject_notifications, insight_people_told
            FROM {table}
            WHERE discovered_at >= $1 AND discovered_at < $2
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = until });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            var notifications = reader.IsDBNull(13) ? 0 : reader.GetInt32(13);
            yield return new IncidentFact(
                reader.GetGuid(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                EnumText.ParseStored<IncidentSource>(reader.IsDBNull(2) ? null : reader.GetString(2)) ?? IncidentSource.Staff,
                !reader.IsDBNull(3) && reader.GetBoolean(3),
                new DataCategorySet(reader.IsDBNull(4) ? 0 : reader.GetInt32(4)),
                reader.IsDBNull(5) ? null : reader.GetInt32(5),
                reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                reader.GetFieldValue<DateTimeOffset>(8),
                reader.GetFieldValue<DateTimeOffset>(9),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
                reader.IsDBNull(11) || reader.GetBoolean(11),
                EnumText.ParseStored<RiskLevel>(reader.IsDBNull(12) ? null : reader.GetString(12)),
                notifications > 0,
                reader.IsDBNull(14) ? 0 : (int)Math.Min(int.MaxValue, reader.GetInt64(14)));
        }
    }
}

/// <summary>What a late report to the regulator shows beyond its times, read from the few documents concerned.</summary>
public sealed record LateReportDetail(string Reference, string Title, string? LateReason);

public static class LateReportDetails
{
    public static async Task<IReadOnlyDictionary<Guid, LateReportDetail>> ReadAsync(
        IQuerySession session, NpgsqlDataSource dataSource, IReadOnlyCollection<Guid> ids, CancellationToken cancellation)
    {
        var details = new Dictionary<Guid, LateReportDetail>();
        if (ids.Count == 0) return details;
        var table = session.DocumentStore.Options.Schema.For<IncidentView>();
        await using var command = dataSource.CreateCommand(
            $"SELECT id, data ->> 'reference', data ->> 'title', data -> 'regulatorNotification' ->> 'lateReason' FROM {table} WHERE id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. ids] });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            details[reader.GetGuid(0)] = new LateReportDetail(
                reader.IsDBNull(1) ? "" : reader.GetString(1), reader.IsDBNull(2) ? "" : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3));
        return details;
    }
}

/// <summary>Enum values as stored in documents ("ThirdParty") or written in the API ("third-party"), read alike.</summary>
public static class EnumText
{
    public static T? Parse<T>(string? text) where T : struct, Enum =>
        text is not null && !text.Any(char.IsDigit) && Enum.TryParse<T>(text.Replace("-", ""), ignoreCase: true, out var value)
            ? value : null;

    /// <summary>
    /// A value as Marten stores it (its C# name, <c>ThirdParty</c>), looked up, not parsed: a period's statement reads
    /// one per row. Anything else is read as <see cref="Parse{T}"/> reads it.
    /// </summary>
    public static T? ParseStored<T>(string? text) where T : struct, Enum =>
        text is null ? null : StoredNames<T>.Values.TryGetValue(text, out var value) ? value : Parse<T>(text);

    private static class StoredNames<T> where T : struct, Enum
    {
        public static readonly Dictionary<string, T> Values = Enum.GetValues<T>().ToDictionary(v => v.ToString(), v => v, StringComparer.Ordinal);
    }

    /// <summary>The API's name of a value: kebab-case, as <c>ApiJson</c> writes enums.</summary>
    public static string Name<T>(T value) where T : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
