using System.Globalization;
using BreachDesk.Register;

namespace BreachDesk.Insights;

/// <summary>
/// The annual report as one CSV table of four columns: <c>section, figure, value, detail</c>. Every figure is one row,
/// so a spreadsheet reads it without knowing its layout; the late reports are rows of section <c>late-report</c> (the
/// reference, how late, the reason). Cells are written as the register's are (quoted, formula-safe: <see cref="RegisterCsv.Cell"/>).
/// </summary>
public static class AnnualReportCsv
{
    public static readonly string[] Header = ["section", "figure", "value", "detail"];

    public static IEnumerable<string> Lines(AnnualReport r)
    {
        yield return RegisterCsv.Line(Header);
        yield return Row("report", "year", r.Year, $"{r.From:yyyy-MM-dd} to {r.To:yyyy-MM-dd}, by day of awareness (UTC)");
        yield return Row("report", "generated-at", r.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        yield return Row("breaches", "recorded", r.BreachesRecorded, "every breach, reported or not (Art. 33(5))");
        yield return Row("breaches", "impact-not-assessed", r.ImpactNotAssessed);
        yield return Row("risk", "none", r.Risk.None);
        yield return Row("risk", "risk", r.Risk.Risk);
        yield return Row("risk", "high", r.Risk.High);
        yield return Row("risk", "not-assessed", r.Risk.NotAssessed);
        yield return Row("regulator", "reported", r.Regulator.Reported);
        yield return Row("regulator", "within-72-hours-of-awareness", r.Regulator.WithinStatutoryDeadline, "Art. 33(1)");
        yield return Row("regulator", "after-72-hours-of-awareness", r.Regulator.AfterStatutoryDeadline, "each with its reason below");
        yield return Row("regulator", "not-reportable", r.Regulator.NotReportable, "the DPO assessed no risk");
        yield return Row("regulator", "still-to-report", r.Regulator.StillToReport);
        yield return Row("regulator", "not-yet-assessed", r.Regulator.NotYetAssessed);
        yield return Row("data-subjects", "breaches-with-people-told", r.DataSubjects.BreachesWithPeopleTold, "Art. 34");
        yield return Row("data-subjects", "people-told", r.DataSubjects.PeopleTold);
        yield return Row("data-subjects", "approx-people-affected", r.DataSubjects.ApproxPeopleAffected, "sum of the impact assessments' estimates");
        foreach (var (name, clock) in new[] { ("dpo", r.Clocks.Dpo), ("regulator", r.Clocks.Regulator) })
        {
            var section = $"{name}-clock";
            yield return Row(section, "median-from-awareness", clock.Median, $"over {clock.Measured} notified");
            yield return Row(section, "p90-from-awareness", clock.P90);
            yield return Row(section, "on-time-rate", clock.OnTimeRate?.ToString("0.####", CultureInfo.InvariantCulture), "met / (met + met late + missed)");
            yield return Row(section, "met", clock.Met);
            yield return Row(section, "met-late", clock.MetLate);
            yield return Row(section, "missed", clock.Missed);
            yield return Row(section, "pending", clock.Pending);
            yield return Row(section, "not-required", clock.NotRequired);
        }
        foreach (var (source, count) in r.BySource) yield return Row("source", source, count);
        foreach (var (category, count) in r.ByDataCategory) yield return Row("data-category", category, count, "a breach counts once in each of its categories");
        foreach (var month in r.ByMonth) yield return Row("month", month.Period, month.Incidents);
        foreach (var late in r.LateReports)
            yield return Row("late-report", late.Reference, late.LateBy, late.LateReason ?? "no reason recorded");
    }

    private static string Row(string section, string figure, object? value, string? detail = null) =>
        RegisterCsv.Line([section, figure, value switch
        {
            null => "",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        }, detail]);
}
