using BreachDesk.Incidents;
using JasperFx.Events;

namespace BreachDesk.Dashboard;

/// <summary>
/// Turns every committed incident event (through the <c>incident-events</c> subscription, hence IEvent&lt;T&gt;) into an
/// "incident changed" notice for the open dashboards. Escalations are included: the escalations page shows them.
/// </summary>
public static class DashboardNoticeHandler
{
    public static void Handle(IEvent<IncidentReported> e, IncidentChangeBroadcaster dashboards) => dashboards.Publish(e.StreamId);
    public static void Handle(IEvent<OccurrenceTimeRevised> e, IncidentChangeBroadcaster dashboards) => dashboards.Publish(e.StreamId);
    public static void Handle(IEvent<DpoNotified> e, IncidentChangeBroadcaster dashboards) => dashboards.Publish(e.StreamId);
    public static void Handle(IEvent<ContainmentActionTaken> e, IncidentChangeBroadcaster dashboards) => dashboards.Publish(e.StreamId);
    public static void Handle(IEvent<ImpactAssessed> e, IncidentChangeBroadcaster dashboards) => dashboards.Publish(e.StreamId);
    public static void Handle(IEvent<RiskAssessed> e, IncidentChangeBroadcaster dashboards) => dashboards.Publish(e.StreamId);
    public static void Handle(IEvent<RegulatorNotified> e, IncidentChangeBroadcaster dashboards) => dashboards.Publish(e.StreamId);
    public static void Handle(IEvent<RegulatorFollowUpSent> e, IncidentChangeBroadcaster dashboards) => dashboards.Publish(e.StreamId);
    public static void Handle(IEvent<DataSubjectsNotified> e, IncidentChangeBroadcaster dashboards) => dashboards.Publish(e.StreamId);
    public static void Handle(IEvent<ThirdPartyNotified> e, IncidentChangeBroadcaster dashboards) => dashboards.Publish(e.StreamId);
    public static void Handle(IEvent<IncidentClosed> e, IncidentChangeBroadcaster dashboards) => dashboards.Publish(e.StreamId);
    public static void Handle(IEvent<IncidentReopened> e, IncidentChangeBroadcaster dashboards) => dashboards.Publish(e.StreamId);
    public static void Handle(IEvent<EscalationRaised> e, IncidentChangeBroadcaster dashboards) => dashboards.Publish(e.StreamId);
    public static void Handle(IEvent<EscalationRepeated> e, IncidentChangeBroadcaster dashboards) => dashboards.Publish(e.StreamId);
    public static void Handle(IEvent<EscalationAcknowledged> e, IncidentChangeBroadcaster dashboards) => dashboards.Publish(e.StreamId);
}
