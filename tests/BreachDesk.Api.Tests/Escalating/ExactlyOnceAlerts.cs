using System.Net;
using System.Text.Json.Nodes;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Escalating;

/// <summary>
/// Shared by the crash and cluster tests: service processes whose DPO deadline is seconds long with one at-due
/// checkpoint alerting a real receiver, and the check that every incident's at-due escalation fired exactly once.
/// </summary>
public static class ExactlyOnceAlerts
{
    public const string Secret = "whsec-process-7c2e";

    public static Dictionary<string, string> Settings(AlertReceiver receiver, string dpoWindow) => new()
    {
        ["BreachDesk:Deadlines:DpoNoticeWithin"] = dpoWindow,
        ["BreachDesk:Escalation:Dpo:Checkpoints:0:Name"] = "at-due",
        ["BreachDesk:Escalation:Dpo:Checkpoints:0:Level"] = "1",
        ["BreachDesk:Escalation:Dpo:Checkpoints:0:BeforeDue"] = "PT0S",
        ["BreachDesk:Escalation:Dpo:RepeatOverdueEvery"] = "PT1H",
        ["BreachDesk:Escalation:Targets:oncall-primary:0:Channel"] = "webhook",
        ["BreachDesk:Escalation:Targets:oncall-primary:0:Url"] = receiver.Url,
        ["BreachDesk:Escalation:Targets:oncall-primary:0:Secret"] = Secret,
        ["BreachDesk:Escalation:RetryDelays:0"] = "PT1S",
        ["BreachDesk:Escalation:RetryDelays:1"] = "PT2S",
        ["BreachDesk:Escalation:RetryDelays:2"] = "PT5S",
    };

    /// <summary>A report whose DPO clock started a second ago, so it falls due about one window from now.</summary>
    public static object DueInOneWindow()
    {
        // One instant for both: two readings of the clock can put the occurrence a millisecond after the discovery (a 400).
        var at = DateTimeOffset.UtcNow.AddSeconds(-1);
        return ReportBody(discoveredAt: at, occurredAt: at);
    }

    private static bool IsRaised(AlertReceiver.Delivery d) => d.Body["type"]?.GetValue<string>() == "escalation.raised";
    private static string IncidentOf(AlertReceiver.Delivery d) => d.Body["incidentId"]!.GetValue<string>();

    /// <summary>
    /// Waits (generously: a dead node's work is reassigned by polling) until each incident's alert arrived, then a
    /// little longer so that a late duplicate would show, and checks: one at-due escalation per incident in the API,
    /// one delivery per incident at the receiver, every signature valid.
    /// </summary>
    public static async Task AssertEachFiredExactlyOnce(AlertReceiver receiver, HttpClient oncall, IReadOnlyCollection<string> incidents,
        TimeSpan within, Func<string> diagnostics, bool sameIdRedeliveryAllowed = false)
    {
        var until = DateTimeOffset.UtcNow + within;
        while (DateTimeOffset.UtcNow < until && !incidents.All(id => receiver.Deliveries.Any(d => IsRaised(d) && IncidentOf(d) == id)))
            await Task.Delay(500);
        var missing = incidents.Where(id => !receiver.Deliveries.Any(d => IsRaised(d) && IncidentOf(d) == id)).ToList();
        Assert.True(missing.Count == 0,
            $"{missing.Count} of {incidents.Count} incidents got no alert within {within}: {string.Join(", ", missing)}\n{diagnostics()}");

        // A duplicate (a second node, a redelivered checkpoint) would come within a few polling rounds.
        await Task.Delay(TimeSpan.FromSeconds(8));

        var escalations = await (await oncall.GetAsync("/api/escalations?state=all")).ExpectJsonArray(HttpStatusCode.OK);
        foreach (var id in incidents)
        {
            var raised = escalations.Where(e => e!["incidentId"]!.GetValue<string>() == id && e["checkpoint"]!.GetValue<string>() == "at-due").ToList();
            Assert.True(raised.Count == 1, $"Incident {id} has {raised.Count} at-due escalations: {new JsonArray(raised.Select(r => r!.DeepClone()).ToArray())}");
            Assert.Equal(0, raised[0]!["repeats"]!.GetValue<int>());

            var deliveries = receiver.Deliveries.Where(d => IsRaised(d) && IncidentOf(d) == id).ToList();
            // Two deliveries with the same BreachDesk-Delivery id count as two: the receiver was alerted twice. Only a node
            // killed between the receiver's answer and recording it may cause that (no sender can avoid it), and only the
            // test that kills a node mid-delivery allows it; the receiver de-duplicates it by the id.
            if (sameIdRedeliveryAllowed) deliveries = deliveries.DistinctBy(d => d.DeliveryId).ToList();
            Assert.True(deliveries.Count == 1, $"Incident {id} was alerted {deliveries.Count} times (delivery ids {string.Join(", ", deliveries.Select(d => d.DeliveryId))})");
            Assert.True(deliveries[0].SignatureValid);
            Assert.Equal(raised[0]!["id"]!.GetValue<string>(), deliveries[0].Body["escalationId"]!.GetValue<string>());
        }
    }
}
