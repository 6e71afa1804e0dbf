using BreachDesk.Deadlines;
using BreachDesk.Incidents;
using BreachDesk.Reporting;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace BreachDesk.Bench;

/// <summary>
/// Puts many open incidents on record quickly, yet as the service itself would: the real <c>ReportIncident</c> decision,
/// references from the service's own counter, and the <c>IncidentReported</c> events appended through the service's
/// own Marten configuration (<see cref="BreachDeskApp.Create"/>, built but never started: no Wolverine node, no
/// endpoints), so the inline incident view and the hash-chain trigger run as for a report over HTTP. What it skips is
/// the HTTP request and one transaction per report: it appends a batch of new streams per transaction.
/// The inline replan projection leaves a signal per report, from which the running service's escalation sweeper plans
/// each incident's one wake-up itself.
/// </summary>
public sealed class IncidentSeeder : IAsyncDisposable
{
    private readonly WebApplication _app;

    private IncidentSeeder(WebApplication app) => _app = app;

    public static IncidentSeeder Create(string connection) =>
        new(BreachDeskApp.Create([$"--ConnectionStrings:BreachDesk={connection}", "--environment", "Production", "--Logging:LogLevel:Default", "Warning"]));

    /// <summary>
    /// Appends <paramref name="count"/> reports in transactions of <paramref name="batchSize"/>, <paramref name="workers"/>
    /// at a time. Each was discovered at a random moment of the last two hours, so its earliest checkpoint (3 hours
    /// before the 6-hour DPO deadline) is at least an hour ahead and none falls due while the benchmark runs.
    /// </summary>
    public async Task SeedAsync(int count, int batchSize, int workers, Action<int> progress)
    {
        var store = _app.Services.GetRequiredService<IDocumentStore>();
        var references = _app.Services.GetRequiredService<IncidentReferences>();
        var policy = _app.Services.GetRequiredService<DeadlinePolicy>();
        // As a report over HTTP does: the first sweep (log events, wake-up) in the report's transaction.
        var firstSweep = _app.Services.GetRequiredService<BreachDesk.Escalating.Sweeping.SweepAtReport>();
        int claimed = 0, done = 0;

        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            while (true)
            {
                var first = Interlocked.Add(ref claimed, batchSize) - batchSize;
                if (first >= count) return;
                var size = Math.Min(batchSize, count - first);

                await using var session = store.LightweightSession();
                var now = DateTimeOffset.UtcNow;
                for (var i = 0; i < size; i++)
                {
                    var command = new ReportIncident(
                        $"Seeded report {first + i}",
                        "A spreadsheet of customer contact details was e-mailed to the wrong supplier.",
                        now - TimeSpan.FromSeconds(random.Next(60, 2 * 3600)),
                        Source: IncidentSource.Staff,
                        Systems: ["mail"]);
                    if (!command.Validate(now).IsEmpty) throw new InvalidOperationException("The seeded report is invalid.");
                    var reported = command.Decide(Guid.CreateVersion7(now), await references.NextAsync(now, default), policy, "dev-reporter", now);
                    session.Events.StartStream<Incident>(reported.IncidentId, reported);
                    var plan = firstSweep.Decide(reported, now);
                    firstSweep.Queue(session, reported.IncidentId, plan);
                }
                await session.SaveChangesAsync();
                progress(Interlocked.Add(ref done, size));
            }
        })));
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
