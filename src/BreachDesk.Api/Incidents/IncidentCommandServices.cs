using BreachDesk.Escalating.Sweeping;
using BreachDesk.Infrastructure.Telemetry;
using Marten;
using Wolverine.Marten.Publishing;
using Wolverine.Runtime;

namespace BreachDesk.Incidents;

/// <summary>What the one command path needs besides the request: a session per attempt, the re-plan, the metrics.</summary>
public sealed class IncidentCommandServices(OutboxedSessionFactory sessions, IWolverineRuntime runtime, SweepInCommand sweep, BreachDeskMetrics metrics)
{
    public SweepInCommand Sweep => sweep;
    public BreachDeskMetrics Metrics => metrics;

    /// <summary>
    /// A fresh outboxed session and the message context its outbox belongs to, for one attempt. Fresh per attempt
    /// because a context keeps what was published on it until it flushes after a commit: alerts published in an
    /// attempt that then lost a race (rolled back, so never stored) must go with that attempt, never out with the next.
    /// </summary>
    public (IDocumentSession Session, MessageContext Bus) OpenAttempt()
    {
        var bus = new MessageContext(runtime);
        return (sessions.OpenSession(bus), bus);
    }
}
