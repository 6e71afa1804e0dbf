using BreachDesk.GettingDetails;
using BreachDesk.Incidents;
using Marten;
using Marten.Services;

namespace BreachDesk.Infrastructure.Telemetry;

/// <summary>
/// Records how long notices took, in the request that recorded them, once its transaction committed (so a refused
/// or rolled-back command records nothing). Reads reportedAt and the notices from the incident view.
/// The metrics are resolved on first use: they read incident counts from the document store this listener is part of.
/// </summary>
public sealed class NoticeTimingListener(Lazy<BreachDeskMetrics> lazyMetrics) : DocumentSessionListenerBase
{
    public override async Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var e in commit.GetEvents())
        {
            if (e.Data is not (DpoNotified or RegulatorNotified)) continue;
            var metrics = lazyMetrics.Value;
            if (!metrics.NoticeTimesObserved) return;
            switch (e.Data)
            {
                case DpoNotified notice when await ViewAsync(session, notice.IncidentId, token) is { } view:
                    // Only the first written notice meets the deadline; later ones are not "the time it took to tell the DPO".
                    if (view.DpoNotices.FirstOrDefault() == new DpoNoticeView(notice.NotifiedAt, notice.Channel, notice.HowItOccurred, notice.LikelyImpact, notice.Actor))
                        metrics.ReportToDpoNotice(notice.NotifiedAt - view.ReportedAt);
                    break;
                case RegulatorNotified notice when await ViewAsync(session, notice.IncidentId, token) is { } view:
                    metrics.ReportToRegulatorNotice(notice.SubmittedAt - view.ReportedAt);
                    break;
            }
        }
    }

    private static async Task<IncidentView?> ViewAsync(IDocumentSession session, Guid id, CancellationToken token)
    {
        await using var query = session.DocumentStore.QuerySession();
        return await query.LoadAsync<IncidentView>(id, token);
    }
}
