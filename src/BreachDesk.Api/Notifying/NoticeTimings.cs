using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Telemetry;

namespace BreachDesk.Notifying;

/// <summary>
/// How long notices took after the report, recorded by the command path once the notice's transaction committed (so a
/// refused or rolled-back command records nothing), from the incident view as that command left it: no read of its own
/// after the commit (until decision 0029 a session listener read the view back, a transaction per notice).
/// </summary>
public static class NoticeTimings
{
    public static void Record(BreachDeskMetrics metrics, IncidentView after, object fact)
    {
        switch (fact)
        {
            // Only the first written notice meets the deadline; later ones are not "the time it took to tell the DPO".
            // (An e-mailed notice's view also names the draft and the recipient, which the event's comparison leaves out.)
            case DpoNotified notice when after.DpoNotices.FirstOrDefault() is { } first && first with { DraftVersion = null, Recipient = null } ==
                                         new DpoNoticeView(notice.NotifiedAt, notice.Channel, notice.HowItOccurred, notice.LikelyImpact, notice.Actor):
                metrics.ReportToDpoNotice(notice.NotifiedAt - after.ReportedAt);
                break;
            case RegulatorNotified notice:
                metrics.ReportToRegulatorNotice(notice.SubmittedAt - after.ReportedAt);
                break;
        }
    }
}
