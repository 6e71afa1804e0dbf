using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BreachDesk.Register;

/// <summary>
/// The register as CSV for spreadsheets: a header row, one row per incident, every field quoted (RFC 4180).
/// A cell that a spreadsheet would read as a formula (starting with = + - @ or a tab or carriage return) is
/// prefixed with an apostrophe, so a hostile title cannot run as a formula (OWASP "CSV injection").
/// </summary>
public static class RegisterCsv
{
    public static readonly string[] Header =
    [
        "reference", "title", "status", "source", "occurredAt", "discoveredAt", "reportedAt", "facts", "systems",
        "breachTypes", "dataCategories", "approxDataSubjects", "approxRecords", "subjectGroups", "likelyConsequences",
        "suggestedRisk", "suggestedScore", "remedialActions", "riskLevel", "riskRationale", "riskAssessedBy",
        "dpoDeadline", "dpoNotifiedAt", "regulatorDeadline", "regulatorNotifiedAt", "regulatorReference",
        "regulatorLateReason", "regulatorVoluntary", "dataSubjectsNotified", "thirdPartiesNotified",
        "closedAt", "outcome", "lessonsLearned",
    ];

    public static string Row(RegisterEntry e)
    {
        var d = e.Decisions;
        string?[] cells =
        [
            e.Reference, e.Title, Name(e.Status), Name(e.Source), Time(e.OccurredAt), Time(e.DiscoveredAt), Time(e.ReportedAt),
            e.Facts, string.Join("; ", e.Systems),
            e.Effects is null ? null : string.Join("; ", e.Effects.BreachTypes.Select(Name)),
            e.Effects is null ? null : string.Join("; ", e.Effects.DataCategories.Select(Name)),
            e.Effects?.ApproxDataSubjects?.ToString(CultureInfo.InvariantCulture),
            e.Effects?.ApproxRecords?.ToString(CultureInfo.InvariantCulture),
            e.Effects is null ? null : string.Join("; ", e.Effects.SubjectGroups),
            e.Effects?.LikelyConsequences,
            e.Effects?.SuggestedRisk is { } s ? Name(s) : null,
            e.Effects?.SuggestedScore?.ToString("0.00", CultureInfo.InvariantCulture),
            string.Join("; ", e.RemedialActions),
            d.Risk is null ? null : Name(d.Risk.Level), d.Risk?.Rationale, d.Risk?.AssessedBy,
            Name(d.DpoDeadline), Time(d.DpoNotifiedAt), Name(d.RegulatorDeadline), Time(d.Regulator?.SubmittedAt),
            d.Regulator?.Reference, d.Regulator?.LateReason, d.Regulator is null ? null : d.Regulator.Voluntary ? "yes" : "no",
            d.DataSubjectsNotified.ToString(CultureInfo.InvariantCulture), string.Join("; ", d.ThirdPartiesNotified),
            Time(e.Closure?.ClosedAt), e.Closure?.Outcome, e.Closure?.LessonsLearned,
        ];
        return Line(cells);
    }

    public static string Line(IEnumerable<string?> cells) => string.Join(",", cells.Select(Cell)) + "\r\n";

    public static string Cell(string? value)
    {
        value ??= "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return "\"" + value.Replace("\"", "\"\"") + "\"";
    }

    private static string Time(DateTimeOffset? t) =>
        t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    private static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static readonly Encoding Utf8WithBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
}
