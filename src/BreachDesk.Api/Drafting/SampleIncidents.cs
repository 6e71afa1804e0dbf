using BreachDesk.Assessing;
using BreachDesk.Incidents;

namespace BreachDesk.Drafting;

/// <summary>Two made-up incidents, one just reported and one with every fact, on which templates are tried at start.</summary>
internal static class SampleIncidents
{
    private static readonly DateTimeOffset At = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<DraftModel> All { get; } =
    [
        DraftModel.From(Reported(), new OrganisationOptions(), new DpoContactOptions()),
        DraftModel.From(Complete(), new OrganisationOptions { Name = "Sample Ltd" }, new DpoContactOptions { Name = "Sample DPO" }),
    ];

    private static IncidentView Reported()
    {
        var view = new IncidentView
        {
            Id = Guid.Empty, Reference = "BD-2026-0000", Title = "Sample", Description = "Sample",
            DiscoveredAt = At, ReportedAt = At, Source = IncidentSource.Staff,
        };
        return view;
    }

    private static IncidentView Complete()
    {
        var view = Reported();
        view.OccurredAt = At.AddHours(-1);
        view.Source = IncidentSource.Automated;
        view.Systems = ["sample"];
        view.DpoNotices = [new DpoNoticeView(At, "e-mail", "Sample", "Sample", "sample")];
        view.DpoMetAt = At;
        view.Containment = [new ContainmentView("Sample", At, "sample")];
        view.Impact = new ImpactAssessment([BreachType.Confidentiality, BreachType.Integrity, BreachType.Availability],
            Enum.GetValues<DataCategory>(), 10, 100, ["customers"], true, true, true, true, Identifiability.Maximum, "Sample", ["GB", "IE"]);
        view.SuggestedRisk = SeverityAssessment.Suggest(view.Impact);
        view.Risk = new RiskView(RiskLevel.High, "Sample", "sample", At);
        view.RegulatorNotification = new RegulatorNotificationView(At.AddDays(4), "ICO", "ICO-1", "Sample", false, "sample");
        view.RegulatorMetAt = At.AddDays(4);
        view.RegulatorFollowUps = [new RegulatorFollowUpView(At.AddDays(5), "Sample", "sample")];
        view.DataSubjectNotifications = [new DataSubjectNotificationView(At, "letter", 10, false, "sample")];
        view.ThirdPartyNotifications = [new ThirdPartyNotificationView("Sample", "Sample", At, "sample")];
        view.Closure = new ClosureView("Sample", "Sample", At.AddDays(6), "sample");
        view.Status = IncidentStatus.Closed;
        return view;
    }
}
