using System.Diagnostics;
using System.Text.Json.Nodes;
using BreachDesk.Deadlines;
using BreachDesk.Infrastructure.Database;
using BreachDesk.Tests.Support;
using Npgsql;

namespace BreachDesk.Bench;

/// <summary>
/// 3. Escalation lateness. With N open incidents, each with one escalation wake-up row the sweeper watches,
/// a batch of incidents is reported over HTTP whose DPO deadline falls inside one minute, one to two minutes ahead.
/// For each at-due escalation: how late the service raised it (<c>EscalationRaised.RaisedAt - DueAt</c>, the event in
/// the store) and how late its alert reached a real webhook receiver, and that each fired exactly once.
/// </summary>
public static class EscalationLatenessPhase
{
    public const string ReceiverSecret = "whsec-bench-3f1a";

    /// <summary>
    /// Only the DPO's deputy is reached, by webhook: at level 3, the at-due checkpoint, so the receiver hears of exactly
    /// the batch's at-due escalations and nothing of the seeded incidents' report-time (level 1) escalations.
    /// </summary>
    public static Dictionary<string, string> ServiceSettings(AlertReceiver receiver) => new()
    {
        ["BreachDesk:Escalation:Targets:dpo-deputy:0:Channel"] = "webhook",
        ["BreachDesk:Escalation:Targets:dpo-deputy:0:Url"] = receiver.Url,
        ["BreachDesk:Escalation:Targets:dpo-deputy:0:Secret"] = ReceiverSecret,
    };

    public static async Task RunAsync(BenchRun bench, AlertReceiver receiver)
    {
        await using var work = new BackgroundWork(bench.Connection);
        await SeedAsync(bench, work);
        await MeasureBatchAsync(bench, receiver, work, ingest: 0);
        // The same again while reports pour in (--lateness-ingest): escalations must not wait behind them.
        if (bench.Options.LatenessIngest > 0) await MeasureBatchAsync(bench, receiver, work, bench.Options.LatenessIngest);
    }

    /// <summary>Seeds up to N open incidents and waits until the service's sweeper has planned a wake-up for each.</summary>
    private static async Task SeedAsync(BenchRun bench, BackgroundWork work)
    {
        // Earlier phases' background work first, so that what follows is this phase's alone.
        var (before, _) = await work.WaitAsync(s => s.Quiet, TimeSpan.FromMinutes(5), "earlier phases' background work");
        var open = await bench.CountAsync("open");
        var toSeed = (int)Math.Max(0, bench.Options.CheckpointIncidents - open);
        var expected = before.WakeUps + (long)toSeed * BackgroundWork.WakeUpsPerReport;
        Console.WriteLine($"Seeding {toSeed:N0} incidents through Marten ({open:N0} open already; {before})...");

        await bench.StartSpanAsync();
        var clock = Stopwatch.StartNew();
        var lastPrint = TimeSpan.Zero;
        await using (var seeder = IncidentSeeder.Create(bench.Connection))
            await seeder.SeedAsync(toSeed, batchSize: 500, workers: 2, done =>
            {
                if (clock.Elapsed - lastPrint < TimeSpan.FromSeconds(15)) return;
                lastPrint = clock.Elapsed;
                Console.WriteLine($"  {DateTime.UtcNow:HH:mm:ss} appended {done:N0} of {toSeed:N0}");
            });
        var appended = clock.Elapsed;

        var (scheduledState, scheduled) = await work.WaitAsync(s => s.WakeUps >= expected,
            bench.Options.PlanningTimeout - appended, $"{expected:N0} wake-ups");
        var planned = clock.Elapsed;
        var (quietState, quiet) = await work.WaitAsync(s => s.Quiet, scheduled ? TimeSpan.FromMinutes(5) : TimeSpan.Zero, "queues to drain");
        var drained = clock.Elapsed;
        var planSpan = await bench.EndSpanAsync();
        var total = await bench.CountAsync("open");

        bench.Add(Measurement.Rate("escalation: seed (Marten append)", toSeed, appended, null,
            $"IncidentReported through the service's store config, 500 per transaction; {open:N0} open before"));
        // Scheduled rows also hold the odd retry, so the count says "all planned" rather than how many.
        var plannedIncidents = scheduled ? toSeed
            : Math.Min(toSeed, (scheduledState.WakeUps - before.WakeUps) / BackgroundWork.WakeUpsPerReport);
        bench.Add(Measurement.Rate("escalation: plan (subscription)", plannedIncidents, planned, null, string.Join("; ", new[]
        {
            scheduled ? null : $"INCOMPLETE after {planned.TotalMinutes:N0} min: {scheduledState}",
            $"{scheduledState.WakeUps:N0} wake-ups, {total:N0} open incidents",
            quiet ? $"queues drained after {drained.TotalSeconds:N0} s" : $"not drained: {quietState}",
            "CPU and counters from the first append until drained, appends included",
            planSpan.Database?.Per(plannedIncidents, "incident"),
        }.Where(s => !string.IsNullOrEmpty(s)))).With(planSpan));
        bench.Details["escalationSeeding"] = new
        {
            openBefore = open, seeded = toSeed, openAfter = total, appendSeconds = Math.Round(appended.TotalSeconds, 1),
            scheduledBefore = before.WakeUps, scheduledAfter = scheduledState.WakeUps, expectedScheduled = expected,
            allScheduled = scheduled, secondsUntilAllScheduled = Math.Round(planned.TotalSeconds, 1),
            queuesDrained = quiet, secondsUntilQueuesDrained = Math.Round(drained.TotalSeconds, 1), events = quietState.Events,
        };
    }

    private static async Task MeasureBatchAsync(BenchRun bench, AlertReceiver receiver, BackgroundWork work, int ingest)
    {
        var atStart = await work.ReadAsync();
        var size = bench.Options.EscalationBatch;
        var now = DateTimeOffset.UtcNow;
        // The start of the minute after next: 60 to 120 s ahead. The deadlines are spread evenly over that minute.
        var minute = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(2);
        var window = DeadlinePolicy.Default.DpoNoticeWithin;
        Console.WriteLine($"Reporting {size} incidents whose DPO deadline falls within {minute:HH:mm} UTC...");

        await bench.StartSpanAsync();
        var ids = new string?[size];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) < size;)
            {
                var due = minute + TimeSpan.FromMilliseconds(i * 60_000.0 / size);
                using var response = await bench.Http.SendAsync(BenchRun.Request(HttpMethod.Post, "/api/incidents", "dev-reporter", new
                {
                    title = $"Lateness batch {i}",
                    description = "A laptop with an unencrypted export of the HR database was stolen from a car.",
                    discoveredAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"),
                    occurredAt = (due - window).ToString("O"),
                    source = "staff",
                    systems = new[] { "hr" },
                }));
                if (response.IsSuccessStatusCode)
                    ids[i] = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
            }
        })));
        var batch = ids.OfType<string>().Select(Guid.Parse).ToArray();
        var reportErrors = size - batch.Length;

        await using var db = NpgsqlDataSource.Create(bench.Connection);
        // How busy the service still is as the minute begins: a backlog delays the checkpoints (docs/performance.md).
        // Issue 12: lateness also while reports are being ingested; the ingest starts 15 s before the minute so that it
        // runs through it, and stops once the batch has been measured.
        BackgroundIngest? reports = null;
        if (ingest > 0)
        {
            var untilIngest = minute - TimeSpan.FromSeconds(15) - DateTimeOffset.UtcNow;
            if (untilIngest > TimeSpan.Zero) await Task.Delay(untilIngest);
            Console.WriteLine($"Ingesting up to {ingest:N0} reports in the background while the batch falls due...");
            reports = BackgroundIngest.Start(bench, ingest);
        }
        var untilMinute = minute - DateTimeOffset.UtcNow;
        if (untilMinute > TimeSpan.Zero) await Task.Delay(untilMinute);
        var atDue = await work.ReadAsync();
        var until = minute + TimeSpan.FromMinutes(6);
        List<Raised> raised;
        while (true)
        {
            raised = await AtDueEscalationsAsync(db, batch);
            var alerted = AtDueAlerts(receiver, batch).Select(a => a.IncidentId).Distinct().Count();
            if ((raised.Select(r => r.IncidentId).Distinct().Count() == batch.Length && alerted == batch.Length) || DateTimeOffset.UtcNow > until) break;
            await Task.Delay(1000);
        }
        // A duplicate (a checkpoint delivered twice) would come within a few polling rounds.
        await Task.Delay(TimeSpan.FromSeconds(10));
        var ingested = reports is null ? null : await reports.StopAsync();
        raised = await AtDueEscalationsAsync(db, batch);
        var alerts = AtDueAlerts(receiver, batch);
        var span = await bench.EndSpanAsync();

        var raisedOnce = batch.Count(id => raised.Count(r => r.IncidentId == id) == 1);
        var alertedOnce = batch.Count(id => alerts.Count(a => a.IncidentId == id) == 1);
        var badSignatures = alerts.Count(a => !a.SignatureValid);
        var duplicates = raised.Count - raised.Select(r => r.IncidentId).Distinct().Count();
        var duplicateAlerts = alerts.Count - alerts.Select(a => a.IncidentId).Distinct().Count();
        var firstToLast = TimeSpan.FromMinutes(1);

        var suffix = ingest > 0 ? " (while ingesting)" : "";
        bench.Add(Measurement.From($"escalation lateness: raised{suffix}", null, firstToLast,
            raised.Select(r => (r.RaisedAt - r.DueAt).TotalMilliseconds).ToList(), size - raisedOnce, null,
            $"{raisedOnce}/{size} raised exactly once ({duplicates} duplicates, {reportErrors} reports failed); due within {minute:HH:mm} UTC" +
            (ingested is null ? "" : $"; {ingested}"),
            withRate: false).With(span));
        bench.Add(Measurement.From($"escalation lateness: alert received{suffix}", null, firstToLast,
            alerts.Select(a => (a.ReceivedAt - a.DueAt).TotalMilliseconds).ToList(), size - alertedOnce, null,
            $"{alertedOnce}/{size} alerted exactly once at a webhook ({duplicateAlerts} duplicates, {badSignatures} bad signatures)",
            withRate: false));
        bench.Details[ingest > 0 ? "escalationBatchWhileIngesting" : "escalationBatch"] = new
        {
            size, dueMinute = minute, reportErrors, raisedExactlyOnce = raisedOnce, duplicateEscalations = duplicates,
            alertedExactlyOnce = alertedOnce, duplicateAlerts, badSignatures, ingestedMeanwhile = ingested,
            backgroundWhenReported = atStart.ToString(), backgroundAsTheMinuteBegan = atDue.ToString(),
            perIncident = raised.OrderBy(r => r.DueAt).Select(r => new
            {
                r.IncidentId, r.DueAt, raisedLateMs = Math.Round((r.RaisedAt - r.DueAt).TotalMilliseconds, 1),
                alertLateMs = alerts.Where(a => a.IncidentId == r.IncidentId).Select(a => (double?)Math.Round((a.ReceivedAt - a.DueAt).TotalMilliseconds, 1)).FirstOrDefault(),
            }),
        };
    }

    private sealed record Raised(Guid IncidentId, DateTimeOffset DueAt, DateTimeOffset RaisedAt);

    private sealed record Alert(Guid IncidentId, DateTimeOffset DueAt, DateTimeOffset ReceivedAt, bool SignatureValid);

    /// <summary>The DPO at-due escalations of the batch, from the event store.</summary>
    private static async Task<List<Raised>> AtDueEscalationsAsync(NpgsqlDataSource db, Guid[] incidents)
    {
        await using var command = db.CreateCommand(
            $"""
             SELECT (data->>'incidentId')::uuid, (data->>'dueAt')::timestamptz, (data->>'raisedAt')::timestamptz
             FROM {MartenConfiguration.Schema}.mt_events
             WHERE type = 'escalation_raised' AND stream_id = ANY($1) AND data->>'checkpoint' = 'at-due' AND data->>'deadline' = 'Dpo'
             """);
        // Escalations live in each incident's escalation log, a stream of its own.
        command.Parameters.Add(new NpgsqlParameter { Value = incidents.Select(BreachDesk.Escalating.EscalationIds.LogOf).ToArray() });
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<Raised>();
        while (await reader.ReadAsync())
            list.Add(new Raised(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2)));
        return list;
    }

    private static List<Alert> AtDueAlerts(AlertReceiver receiver, Guid[] incidents)
    {
        var wanted = incidents.ToHashSet();
        return receiver.Deliveries
            .Where(d => d.Body["type"]?.GetValue<string>() == "escalation.raised" && d.Body["checkpoint"]?.GetValue<string>() == "at-due")
            .Select(d => new Alert(Guid.Parse(d.Body["incidentId"]!.GetValue<string>()), d.Body["dueAt"]!.GetValue<DateTimeOffset>(), d.ReceivedAt, d.SignatureValid))
            .Where(a => wanted.Contains(a.IncidentId))
            .ToList();
    }
}
