using BreachDesk.Tests.Support;

namespace BreachDesk.Tests.Dashboard;

/// <summary>
/// Two people watching the board through two nodes behind a load balancer see the same thing: a change made through
/// one node reaches the dashboards of both, whichever node relays the incident events to the background handlers.
/// Nodes run as OS processes in Wolverine's balanced mode, as in production.
/// </summary>
[Collection("processes")]
public class LiveUpdatesAcrossNodesTests
{
    [Fact]
    public async Task A_change_made_through_one_node_is_announced_to_the_dashboards_of_both()
    {
        var database = await TestDatabase.CreateAsync();
        await using var one = await ServiceProcess.StartAsync(database);
        await using var two = await ServiceProcess.StartAsync(database);

        using var watchingOne = await DashboardStream.OpenAsync(one.Client("dev-dpo"));
        using var watchingTwo = await DashboardStream.OpenAsync(two.Client("dev-dpo"));

        foreach (var through in new[] { one, two })
        {
            using var reporter = through.Client();
            var id = (await reporter.ReportedIncident())["id"]!.GetValue<string>();
            await watchingOne.WaitForChangeOf(id, TimeSpan.FromSeconds(30));
            await watchingTwo.WaitForChangeOf(id, TimeSpan.FromSeconds(30));
        }
    }
}
