using System.Net;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Database;
using BreachDesk.Tests.Support;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace BreachDesk.Tests.Escalating;

/// <summary>
/// Two deliveries of one checkpoint race on the incident's stream version, and the loser is retried. A race that the
/// retry settles is routine and must not be logged as an error (operators alert on errors); a checkpoint that still
/// fails when its retries are spent must be.
/// </summary>
public class CheckpointConflictLoggingTests
{
    /// <summary>
    /// Just before the checkpoint handler commits its escalation, commits another write to the same incident, for the
    /// first <paramref name="times"/> attempts: the handler's commit then meets a stream that moved on, as when it loses a race.
    /// </summary>
    private sealed class RacingWriter(int times) : DocumentSessionListenerBase
    {
        private int _attempts;
        public int Attempts => Volatile.Read(ref _attempts);

        public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
        {
            var raising = session.PendingChanges.Streams().FirstOrDefault(s => s.Events.Any(e => e.Data is EscalationRaised));
            if (raising is null || Interlocked.Increment(ref _attempts) > times) return;

            await using var other = session.DocumentStore.LightweightSession();
            var stream = await other.Events.FetchForWriting<Incident>(raising.Id, token);
            var now = DateTimeOffset.UtcNow;
            stream.AppendOne(new ContainmentActionTaken(raising.Id, "A write racing the checkpoint", now, now, "test"));
            await other.SaveChangesAsync(token);
        }
    }

    private static Action<WebApplicationBuilder> Service(CapturedLogs logs, RacingWriter writer) => builder =>
    {
        builder.Configuration["BreachDesk:Deadlines:DpoNoticeWithin"] = "PT3S";
        builder.Configuration["BreachDesk:Escalation:Dpo:Checkpoints:0:Name"] = "at-due";
        builder.Configuration["BreachDesk:Escalation:Dpo:Checkpoints:0:Level"] = "1";
        builder.Configuration["BreachDesk:Escalation:Dpo:Checkpoints:0:BeforeDue"] = "PT0S";
        builder.Configuration["BreachDesk:Escalation:Dpo:RepeatOverdueEvery"] = "PT1H";
        builder.Services.ConfigureMarten(marten => marten.Listeners.Add(writer));
        logs.AddTo(builder);
    };

    private static bool IsConflict(CapturedLogs.Entry e) => e.Exception?.IsConcurrencyConflict() == true;

    [Fact]
    public async Task A_conflict_that_succeeds_on_retry_is_logged_below_error()
    {
        var logs = new CapturedLogs();
        var writer = new RacingWriter(times: 1);
        await using var service = await RunningService.StartAsync(await TestDatabase.CreateAsync(), Service(logs, writer));

        var id = (await service.Client().ReportedIncident(ExactlyOnceAlerts.DueInOneWindow()))["id"]!.GetValue<string>();
        var until = DateTimeOffset.UtcNow.AddSeconds(30);
        var raised = 0;
        while (raised == 0 && DateTimeOffset.UtcNow < until)
        {
            await Task.Delay(250);
            var escalations = await (await service.Client("dev-oncall").GetAsync("/api/escalations?state=all")).ExpectJsonArray(HttpStatusCode.OK);
            raised = escalations.Count(e => e!["incidentId"]!.GetValue<string>() == id);
        }

        Assert.Equal(1, raised);
        Assert.Equal(2, writer.Attempts); // the first commit lost the race, the retry won it
        var errors = logs.Entries.Where(e => e.Level >= LogLevel.Error && (IsConflict(e) || e.Category.Contains(nameof(BreachDesk.Escalating.EscalationCheckpointReached))));
        Assert.True(!errors.Any(), string.Join("\n", errors));
        Assert.Contains(logs.Entries, e => IsConflict(e) && e.Level is > LogLevel.Trace and < LogLevel.Error); // the failed attempt is still visible
    }

    [Fact]
    public async Task A_conflict_that_exhausts_its_retries_is_an_error()
    {
        var logs = new CapturedLogs();
        var writer = new RacingWriter(times: int.MaxValue);
        await using var service = await RunningService.StartAsync(await TestDatabase.CreateAsync(), Service(logs, writer));

        await service.Client().ReportedIncident(ExactlyOnceAlerts.DueInOneWindow());
        var oncall = service.Client("dev-oncall");
        var until = DateTimeOffset.UtcNow.AddSeconds(30);
        var deadLetters = new System.Text.Json.Nodes.JsonArray();
        while (deadLetters.Count == 0 && DateTimeOffset.UtcNow < until)
        {
            await Task.Delay(250);
            deadLetters = await (await oncall.GetAsync("/api/escalations/dead-letters")).ExpectJsonArray(HttpStatusCode.OK);
        }
        // Wolverine logs the move to the dead-letter store just after storing it.
        while (!logs.Entries.Any(e => IsConflict(e) && e.Level >= LogLevel.Error) && DateTimeOffset.UtcNow < until)
            await Task.Delay(100);

        var deadLetter = Assert.Single(deadLetters)!;
        Assert.Contains(nameof(BreachDesk.Escalating.EscalationCheckpointReached), deadLetter["messageType"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(4, writer.Attempts); // the first attempt and three retries, then the dead-letter store
        // One error, for giving up; the attempts before it are below error.
        var errors = logs.Entries.Where(e => IsConflict(e) && e.Level >= LogLevel.Error).ToList();
        Assert.True(errors.Count == 1, string.Join("\n", errors));
        var escalations = await (await service.Client("dev-oncall").GetAsync("/api/escalations?state=all")).ExpectJsonArray(HttpStatusCode.OK);
        Assert.Empty(escalations);
    }
}
