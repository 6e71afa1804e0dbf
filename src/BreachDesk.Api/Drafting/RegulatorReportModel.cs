using BreachDesk.Incidents;

namespace BreachDesk.Drafting;

/// <summary>What was already sent to the regulator: it turns the draft into a follow-up, and says whether it was late.</summary>
public sealed record RegulatorReportModel(
    bool Sent, string? SubmittedAt, string? Regulator, string? Reference, bool Voluntary,
    bool Late, string? LateReason, IReadOnlyList<FollowUpModel> FollowUps)
{
    public static RegulatorReportModel From(IncidentView view) => view.RegulatorNotification is not { } sent
        ? new(false, null, null, null, false, false, null, [])
        : new(true, Format.Time(sent.SubmittedAt), MarkdownText.Escape(sent.Regulator),
            sent.Reference is { } reference ? MarkdownText.Escape(reference) : null, sent.Voluntary,
            sent.SubmittedAt > view.RegulatorStatutoryDueAt,
            string.IsNullOrWhiteSpace(sent.LateReason) ? null : MarkdownText.Escape(sent.LateReason),
            [.. view.RegulatorFollowUps.Select(f => new FollowUpModel(Format.Time(f.SentAt), MarkdownText.Escape(f.Information)))]);
}

public sealed record FollowUpModel(string SentAt, string Information);

/// <summary>
/// The Art. 33(3) answers that are not known yet, so the regulator draft can list what is to follow (Art. 33(4)).
/// The template marks each of these "To follow" where it asks the question; this list only sums them up.
/// </summary>
public static class RegulatorGaps
{
    public static IReadOnlyList<string> Of(DraftModel model)
    {
        var gaps = new List<string>();
        if (model.Incident.OccurredAt is null) gaps.Add("when the breach occurred");
        if (model.DpoNotice is null) gaps.Add("how the breach occurred");
        if (model.Cyber.Answer == "not-yet-known") gaps.Add("whether it was a cyber incident");
        if (model.Impact is null)
            gaps.Add("the categories and approximate numbers of data subjects and of personal data records, and the effect on confidentiality, integrity and availability");
        else
        {
            if (model.Impact.ApproxDataSubjects is null) gaps.Add("the approximate number of data subjects");
            if (model.Impact.ApproxRecords is null) gaps.Add("the approximate number of personal data records");
            if (model.Impact.SubjectGroups.Count == 0) gaps.Add("the categories of data subjects");
            if (model.Impact.Countries.Count == 0) gaps.Add("the countries where the people affected live");
        }
        if (model.Impact?.LikelyConsequences is null) gaps.Add("the likely consequences of the breach");
        if (model.Risk.Level is null) gaps.Add("how likely the consequences are (the DPO's risk assessment)");
        if (model.Closure?.LessonsLearned is null) gaps.Add("the measures proposed to mitigate possible adverse effects and prevent a recurrence");
        if (model.Risk.Level is null && model.DataSubjectNotices.Count == 0) gaps.Add("whether the people affected will be told");
        if (model.Regulator.Late && model.Regulator.LateReason is null) gaps.Add("the reasons for the delay");
        if (model.Cyber.Answer != "yes") gaps.Add("whether the staff involved had data protection training in the last two years");
        return gaps;
    }
}
