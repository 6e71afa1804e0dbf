using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Escalating.ExactlyOnceAlerts;

namespace BreachDesk.Tests.Faults;

/// <summary>
/// Two nodes share the checkpoints; one is killed (SIGKILL) while they are falling due. The survivor takes over the
/// dead node's work: every escalation is raised once and alerted once. The one repeat a crash can cause, a
/// delivery the receiver answered just before the sender died unrecorded, comes again with the same delivery id.
/// </summary>
[Collection("processes")]
public class NodeKilledWhileCheckpointsFallDueTests
{
    [Fact]
    public async Task Every_escalation_fires_exactly_once_when_one_of_two_nodes_is_killed_as_checkpoints_fall_due()
    {
        await using var receiver = await AlertReceiver.StartAsync(Secret);
        var database = await TestDatabase.CreateAsync();
        var settings = Settings(receiver, "PT12S");

        await using var survivor = await ServiceProcess.StartAsync(database, settings);
        await using var victim = await ServiceProcess.StartAsync(database, settings);

        // Reports spread over ~6 seconds, so that checkpoints fall due over ~6 seconds from about 12 s on.
        var incidents = new List<string>();
        using (var one = survivor.Client())
        using (var two = victim.Client())
            for (var i = 0; i < 12; i++)
            {
                var client = i % 2 == 0 ? one : two;
                incidents.Add((await client.ReportedIncident(DueInOneWindow()))["id"]!.GetValue<string>());
                await Task.Delay(500);
            }

        // Kill the victim once the first alerts have gone out and others are still to come.
        await receiver.WaitFor(d => d.Body["type"]!.GetValue<string>() == "escalation.raised", TimeSpan.FromSeconds(60));
        victim.Kill();

        using var oncall = survivor.Client("dev-oncall");
        await AssertEachFiredExactlyOnce(receiver, oncall, incidents, TimeSpan.FromSeconds(150), () => survivor.Tail(),
            sameIdRedeliveryAllowed: true);
    }
}
