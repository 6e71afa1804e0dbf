using BreachDesk.Incidents;
using JasperFx.Events;

namespace BreachDesk.Drafting;

/// <summary>
/// Keeps the drafts current as facts arrive. Every fact about an incident may appear in any draft (the templates
/// are the organisation's to change), so each event re-renders all three; a draft whose text did not change keeps
/// its version. Events reach this handler through the Marten subscription to Wolverine (IEvent&lt;T&gt;).
/// </summary>
public static class DraftRegenerationHandler
{
    public static Task Handle(IEvent<IncidentReported> e, DraftRegenerator drafts, CancellationToken cancellation) => drafts.RegenerateAsync(e.StreamId, cancellation);
    public static Task Handle(IEvent<OccurrenceTimeRevised> e, DraftRegenerator drafts, CancellationToken cancellation) => drafts.RegenerateAsync(e.StreamId, cancellation);
    public static Task Handle(IEvent<DpoNotified> e, DraftRegenerator drafts, CancellationToken cancellation) => drafts.RegenerateAsync(e.StreamId, cancellation);
    public static Task Handle(IEvent<ContainmentActionTaken> e, DraftRegenerator drafts, CancellationToken cancellation) => drafts.RegenerateAsync(e.StreamId, cancellation);
    public static Task Handle(IEvent<ImpactAssessed> e, DraftRegenerator drafts, CancellationToken cancellation) => drafts.RegenerateAsync(e.StreamId, cancellation);
    public static Task Handle(IEvent<RiskAssessed> e, DraftRegenerator drafts, CancellationToken cancellation) => drafts.RegenerateAsync(e.StreamId, cancellation);
    public static Task Handle(IEvent<RegulatorNotified> e, DraftRegenerator drafts, CancellationToken cancellation) => drafts.RegenerateAsync(e.StreamId, cancellation);
    public static Task Handle(IEvent<RegulatorFollowUpSent> e, DraftRegenerator drafts, CancellationToken cancellation) => drafts.RegenerateAsync(e.StreamId, cancellation);
    public static Task Handle(IEvent<DataSubjectsNotified> e, DraftRegenerator drafts, CancellationToken cancellation) => drafts.RegenerateAsync(e.StreamId, cancellation);
    public static Task Handle(IEvent<ThirdPartyNotified> e, DraftRegenerator drafts, CancellationToken cancellation) => drafts.RegenerateAsync(e.StreamId, cancellation);
    public static Task Handle(IEvent<IncidentClosed> e, DraftRegenerator drafts, CancellationToken cancellation) => drafts.RegenerateAsync(e.StreamId, cancellation);
    public static Task Handle(IEvent<IncidentReopened> e, DraftRegenerator drafts, CancellationToken cancellation) => drafts.RegenerateAsync(e.StreamId, cancellation);
}
