
using BreachDesk.Incidents;
using JasperFx.Events;
using Marten;

namespace BreachDesk.Infrastructure.Telemetry;

/// <summary>
/// Records how long notices took, from the incident events the <c>incident-events</c> subscription publishes
/// (after the command committed, so a refused command records nothing). Reads reportedAt from the incident view.
/// </summary>
public static class NoticeTimingHandler
{
    public static async Task Handle(IEvent<DpoNotified> notice, IQuerySession session, BreachDeskMetrics metrics, CancellationToken cancellation)
    {
        var e = notice.Data;
        var view = await session.LoadAsync<IncidentView>(e.IncidentId, cancellation);
        // Only the first written notice meets the deadline; later ones are not "the time it took to tell the DPO".
        if (view is null || view.DpoNotices.FirstOrDefault() != new DpoNoticeView(e.NotifiedAt, e.Channel, e.HowItOccurred, e.LikelyImpact, e.Actor))
            return;
        metrics.ReportToDpoNotice(e.NotifiedAt - view.ReportedAt);
    }

    public static async Task Handle(IEvent<RegulatorNotified> notice, IQuerySession session, BreachDeskMetrics metrics, CancellationToken cancellation)
    {
        var view = await session.LoadAsync<IncidentView>(notice.Data.IncidentId, cancellation);
        if (view is null) return;
        metrics.ReportToRegulatorNotice(notice.Data.SubmittedAt - view.ReportedAt);
    }
}
