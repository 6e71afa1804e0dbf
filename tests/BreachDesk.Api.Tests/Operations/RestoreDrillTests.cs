using System.Net;
using BreachDesk.Tests.Support;
using Npgsql;
using static BreachDesk.Tests.Escalating.ExactlyOnceAlerts;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Operations;

/// <summary>
/// A restore drill, as docs/operations.md recommends it: the live database copied into a scratch database and the
/// service started on the copy. The copy must not page anyone for breaches the live system is handling, until an
/// operator declares it live; and an alert decided twice (by the copy and by the live system) keeps one delivery id,
/// so a receiver drops the second.
/// </summary>
[Collection("processes")]
public class RestoreDrillTests
{
    [Fact]
    public async Task A_copy_of_the_database_sends_no_alert_until_an_operator_declares_it_live_and_the_alert_keeps_its_delivery_id()
    {
        await using var receiver = await AlertReceiver.StartAsync(Secret);
        var live = await TestDatabase.CreateAsync();
        var settings = Settings(receiver, "PT40S");

        // The live system records a breach whose DPO checkpoint falls due in 40 s, and stops before it does.
        string incidentId;
        await using (var service = await ServiceProcess.StartAsync(live, settings))
            incidentId = (await service.Client().ReportedIncident(DueInOneWindow()))["id"]!.GetValue<string>();

        var copy = await CopyOf(live);
        await using (var drill = await ServiceProcess.StartAsync(copy, settings))
        {
            await Poll.Until(() => drill.Tail(400).Contains("not sent"), TimeSpan.FromMinutes(3),
                $"the copy to hold the alert of the checkpoint that fell due:\n{drill.Tail()}");
            Assert.Empty(receiver.Deliveries);
            Assert.Contains("is a copy of", drill.Tail(400));
            Assert.Equal(HttpStatusCode.OK, (await drill.Client(null).GetAsync("/health/ready")).StatusCode);

            var (statusExit, status) = await ServiceProcess.RunCommandAsync(copy, ["alerts", "status"]);
            Assert.Equal(0, statusExit);
            Assert.Contains("Alerts are held", status);
            Assert.Contains("alerts resume", status);
            Assert.Empty(receiver.Deliveries);

            var (resumeExit, resumed) = await ServiceProcess.RunCommandAsync(copy, ["alerts", "resume"]);
            Assert.Equal(0, resumeExit);
            Assert.Contains("Alerts are sent", resumed);
            await receiver.WaitFor(d => d.Body["incidentId"]?.GetValue<string>() == incidentId, TimeSpan.FromMinutes(2));
        }

        // The live system, started again, decides the same checkpoint itself: the same alert, by its id.
        await using (await ServiceProcess.StartAsync(live, settings))
            await Poll.Until(() => receiver.Deliveries.Count(d => d.Body["incidentId"]?.GetValue<string>() == incidentId) >= 2,
                TimeSpan.FromMinutes(3), "the live system's own delivery of the checkpoint");
        var ids = receiver.Deliveries.Where(d => d.Body["incidentId"]?.GetValue<string>() == incidentId).Select(d => d.DeliveryId).Distinct();
        Assert.Single(ids);
    }

    /// <summary>CREATE DATABASE … TEMPLATE: a byte-for-byte copy in the same cluster, as a scratch restore would be.</summary>
    private static async Task<string> CopyOf(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(database);
        var source = builder.Database!;
        var copy = source + "_drill";
        builder.Database = "postgres";
        NpgsqlConnection.ClearAllPools();
        var until = DateTimeOffset.UtcNow.AddMinutes(1);
        while (true)
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
            try
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE {copy} TEMPLATE {source}", connection);
                await create.ExecuteNonQueryAsync();
                break;
            }
            // The killed service's sessions end a moment after its sockets close.
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && DateTimeOffset.UtcNow < until)
            {
                await Task.Delay(500);
            }
        }
        builder.Database = copy;
        return builder.ConnectionString;
    }
}
