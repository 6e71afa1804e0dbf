using BreachDesk.Deadlines;
using BreachDesk.Incidents;

namespace BreachDesk.Drafting;

/// <summary>
/// What the templates see (Liquid names in snake_case: <c>incident.reference</c>, <c>impact.approx_records</c>).
/// Every text that people typed is already Markdown-escaped (<see cref="MarkdownText"/>), times are formatted
/// in UTC and nothing depends on the moment of rendering, so a draft changes only when the facts change.
/// A value that is not known is null (Liquid: nil, false in an <c>if</c>); a list may be empty.
/// </summary>
public sealed record DraftModel(
    OrganisationModel Organisation,
    DpoModel Dpo,
    IncidentModel Incident,
    ClocksModel Clocks,
    DpoNoticeModel? DpoNotice,
    IReadOnlyList<ContainmentModel> Containment,
    ImpactModel? Impact,
    RiskModel Risk,
    CyberModel Cyber,
    ExemptionModel Exemption,
    RegulatorReportModel Regulator,
    IReadOnlyList<DataSubjectNoticeModel> DataSubjectNotices,
    IReadOnlyList<ThirdPartyModel> ThirdParties,
    ClosureModel? Closure,
    IReadOnlyList<string> ToFollow)
{
    public static DraftModel From(IncidentView view, OrganisationOptions organisation, DpoContactOptions dpo)
    {
        var impact = ImpactModel.From(view.Impact);
        var regulator = RegulatorReportModel.From(view);
        var model = new DraftModel(
            new OrganisationModel(
                Configured(organisation.Name, "BreachDesk:Organisation:Name", "organisation name"),
                Configured(organisation.IcoRegistrationNumber, "BreachDesk:Organisation:IcoRegistrationNumber", "ICO registration number")),
            new DpoModel(
                Configured(dpo.Name, "BreachDesk:Dpo:Name", "DPO's name"),
                Configured(dpo.Email, "BreachDesk:Dpo:Email", "DPO's e-mail address"),
                Configured(dpo.Phone, "BreachDesk:Dpo:Phone", "DPO's telephone number"),
                Configured(dpo.Address, "BreachDesk:Dpo:Address", "DPO's postal address")),
            IncidentModel.From(view),
            ClocksModel.From(view),
            view.DpoNotices.Count == 0 ? null : DpoNoticeModel.From(view.DpoNotices),
            [.. view.Containment.OrderBy(c => c.TakenAt).Select(c => new ContainmentModel(MarkdownText.Escape(c.Action), Format.Time(c.TakenAt)))],
            impact,
            RiskModel.From(view),
            CyberModel.From(view),
            ExemptionModel.From(view),
            regulator,
            [.. view.DataSubjectNotifications.Select(n => new DataSubjectNoticeModel(Format.Time(n.SentAt), Format.Date(n.SentAt), MarkdownText.Escape(n.Channel), Format.Count(n.Recipients)!))],
            [.. view.ThirdPartyNotifications.Select(t => new ThirdPartyModel(MarkdownText.Escape(t.Party), MarkdownText.Escape(t.Agreement), Format.Time(t.NotifiedAt)))],
            view.Closure is { } c ? new ClosureModel(MarkdownText.Escape(c.Outcome), string.IsNullOrWhiteSpace(c.LessonsLearned) ? null : MarkdownText.Escape(c.LessonsLearned), Format.Time(c.ClosedAt)) : null,
            []);
        return model with { ToFollow = RegulatorGaps.Of(model) };
    }

    // Never invent a contact: an unconfigured value says, visibly, which setting to fill in.
    private static string Configured(string? value, string key, string what) =>
        string.IsNullOrWhiteSpace(value) ? $"[{what} to be configured: {key}]" : MarkdownText.Escape(value);
}

public sealed record OrganisationModel(string Name, string IcoRegistrationNumber);

public sealed record DpoModel(string Name, string Email, string Phone, string Address);

public sealed record IncidentModel(
    string Reference, string Title, string Description, string Status,
    string? OccurredAt, string? OccurredOn, bool OccurredAtIsEstimate,
    string DiscoveredAt, string DiscoveredOn, string ReportedAt,
    string Source, IReadOnlyList<string> Systems)
{
    public static IncidentModel From(IncidentView view) => new(
        view.Reference, MarkdownText.Escape(view.Title), MarkdownText.Escape(view.Description),
        view.Status == IncidentStatus.Open ? "open" : "closed",
        view.OccurredAt is { } o ? Format.Time(o) : null, view.OccurredAt is { } d ? Format.Date(d) : null, view.OccurredAtIsEstimate,
        Format.Time(view.DiscoveredAt), Format.Date(view.DiscoveredAt), Format.Time(view.ReportedAt),
        view.Source switch
        {
            IncidentSource.Staff => "staff",
            IncidentSource.Processor => "processor",
            IncidentSource.ThirdParty => "third-party",
            _ => "automated",
        },
        [.. view.Systems.Select(MarkdownText.Escape)]);
}

/// <summary>Both clocks as due and met times. Whether one is "missed" depends on when it is read, so it is not here.</summary>
public sealed record ClocksModel(
    string DpoWindow, string DpoDueAt, string DpoBasis, string? DpoMetAt, bool DpoMetLate,
    string RegulatorWindow, string RegulatorDueAt, string RegulatorStatutoryDueAt, string RegulatorBasis,
    string? RegulatorMetAt, bool RegulatorRequired)
{
    public static ClocksModel From(IncidentView view) => new(
        Format.Hours(view.Policy.DpoNoticeWithin), Format.Time(view.DpoDueAt), Basis(view.DpoBasis),
        view.DpoMetAt is { } dpoMet ? Format.Time(dpoMet) : null, view.DpoMetAt > view.DpoDueAt,
        Format.Hours(view.Policy.RegulatorNoticeWithin), Format.Time(view.RegulatorDueAt), Format.Time(view.RegulatorStatutoryDueAt),
        Basis(view.RegulatorBasis), view.RegulatorMetAt is { } met ? Format.Time(met) : null, view.RegulatorRequired);

    private static string Basis(DeadlineBasis basis) => basis == DeadlineBasis.Occurrence ? "occurred" : "was discovered";
}

/// <summary>The written notice as recorded: the first one met the clock; the latest has the newest understanding.</summary>
public sealed record DpoNoticeModel(string NotifiedAt, string Channel, string HowItOccurred, string LikelyImpact)
{
    public static DpoNoticeModel From(IReadOnlyList<DpoNoticeView> notices)
    {
        var latest = notices[^1];
        return new(Format.Time(notices[0].NotifiedAt), MarkdownText.Escape(notices[0].Channel),
            MarkdownText.Escape(latest.HowItOccurred), MarkdownText.Escape(latest.LikelyImpact));
    }
}

public sealed record ContainmentModel(string Action, string TakenAt);

public sealed record DataSubjectNoticeModel(string SentAt, string SentOn, string Channel, string Recipients);

public sealed record ThirdPartyModel(string Party, string Agreement, string NotifiedAt);

public sealed record ClosureModel(string Outcome, string? LessonsLearned, string ClosedAt);
