using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Escalating.ExactlyOnceAlerts;

namespace BreachDesk.Tests.Escalating;

/// <summary>
/// The service as a real process, killed with SIGKILL while checkpoints are pending, and two processes sharing one
/// database: every at-due escalation fires once, never twice. Real time, so deadlines are seconds long and waits generous.
/// </summary>
[Collection("processes")]
public class EscalationsSurviveCrashTests
{
    [Fact]
    public async Task Checkpoints_pending_when_the_process_is_killed_each_fire_exactly_once_after_a_restart()
    {
        await using var receiver = await AlertReceiver.StartAsync(Secret);
        var database = await TestDatabase.CreateAsync();
        var settings = Settings(receiver, "PT20S");

        var incidents = new List<string>();
        await using (var doomed = await ServiceProcess.StartAsync(database, settings))
        {
            using var client = doomed.Client();
            for (var i = 0; i < 5; i++) incidents.Add((await client.ReportedIncident(DueInOneWindow()))["id"]!.GetValue<string>());
            doomed.Kill();
        }
        Assert.DoesNotContain(receiver.Deliveries, d => d.Body["type"]!.GetValue<string>() == "escalation.raised");

        await using var restarted = await ServiceProcess.StartAsync(database, settings);
        using var oncall = restarted.Client("dev-oncall");
        await AssertEachFiredExactlyOnce(receiver, oncall, incidents, TimeSpan.FromSeconds(120), () => restarted.Tail());
    }

    [Fact]
    public async Task Two_processes_against_one_database_deliver_each_alert_exactly_once()
    {
        await using var receiver = await AlertReceiver.StartAsync(Secret);
        var database = await TestDatabase.CreateAsync();
        var settings = Settings(receiver, "PT15S");

        await using var first = await ServiceProcess.StartAsync(database, settings);
        await using var second = await ServiceProcess.StartAsync(database, settings);

        var incidents = new List<string>();
        using (var one = first.Client())
        using (var two = second.Client())
            for (var i = 0; i < 4; i++)
            {
                incidents.Add((await one.ReportedIncident(DueInOneWindow()))["id"]!.GetValue<string>());
                incidents.Add((await two.ReportedIncident(DueInOneWindow()))["id"]!.GetValue<string>());
            }

        using var oncall = first.Client("dev-oncall");
        await AssertEachFiredExactlyOnce(receiver, oncall, incidents, TimeSpan.FromSeconds(120), () => first.Tail() + "\n---\n" + second.Tail());
    }
}

/// <summary>Tests that run service processes run one at a time: each process is heavy on a 2-core machine.</summary>
[CollectionDefinition("processes", DisableParallelization = true)]
public sealed class ProcessCollection;
