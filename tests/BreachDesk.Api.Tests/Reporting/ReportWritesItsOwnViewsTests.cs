using System.Collections.Concurrent;
using BreachDesk.Tests.Support;
using Marten;
using Marten.Services;
using Npgsql;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Reporting;

/// <summary>
/// A report writes its new incident's clock rows and first escalation views itself instead of leaving them to the
/// inline projections, which would first read for rows that cannot exist yet (decision 0037). What the board and the
/// escalation list read must be exactly what the projections make: a rebuild from the events gives the same rows.
/// </summary>
public class ReportWritesItsOwnViewsTests
{
    private const string ClockRows = "SELECT (to_jsonb(t) - 'mt_version')::text FROM breachdesk.mt_doc_runningclock t ORDER BY id";
    private const string EscalationRows = "SELECT (to_jsonb(t) - 'mt_version')::text FROM breachdesk.mt_doc_escalationview t ORDER BY id";

    [Fact]
    public async Task A_report_s_clock_rows_and_escalation_views_are_the_rows_a_rebuild_makes()
    {
        var database = await TestDatabase.CreateAsync();
        await using (var service = await RunningService.StartAsync(database))
        {
            var reporter = service.Client();
            await reporter.ReportedIncident(ReportBody(discoveredAt: HoursAgo(1), occurredAt: HoursAgo(3)));
            // Late: its first sweep raises the at-due escalations at once, in the report.
            await reporter.ReportedIncident(ReportBody(discoveredAt: HoursAgo(8 * 24)));
            await reporter.ReportedIncident(ReportBody(discoveredAt: HoursAgo(0.2)));
        }
        var clocks = await TestDatabase.Strings(database, ClockRows);
        var escalations = await TestDatabase.Strings(database, EscalationRows);
        Assert.Equal(6, clocks.Count);
        Assert.NotEmpty(escalations);

        // Gone before the rebuild, so what is compared below is what the projections make from the events alone.
        await TestDatabase.Execute(database, "DELETE FROM breachdesk.mt_doc_runningclock; DELETE FROM breachdesk.mt_doc_escalationview;");
        Assert.Equal(0, await RunningService.RunCommandAsync(database, "projections", "rebuild", "--shard-timeout", "5m"));

        Assert.Equal(clocks, await TestDatabase.Strings(database, ClockRows));
        Assert.Equal(escalations, await TestDatabase.Strings(database, EscalationRows));
    }

    [Fact]
    public async Task A_report_does_not_read_for_its_clocks_or_escalations_and_a_later_command_still_updates_them()
    {
        var statements = new StatementRecorder();
        await using var service = await RunningService.StartAsync(await TestDatabase.CreateAsync(),
            builder => builder.Services.ConfigureMarten(options => options.Logger(statements)));
        var reporter = service.Client();

        var id = (await reporter.ReportedIncident(ReportBody(discoveredAt: HoursAgo(8 * 24))))["id"]!.GetValue<string>();
        var byReport = statements.TakeAll();
        Assert.Contains(byReport, sql => sql.Contains("mt_doc_runningclock", StringComparison.Ordinal)); // the capture sees the report's writes
        Assert.DoesNotContain(byReport, ReadsDocumentsOf("runningclock"));
        Assert.DoesNotContain(byReport, ReadsDocumentsOf("escalationview"));

        // A command on the incident goes through the projection, which now finds the rows the report wrote.
        await new IncidentClient(service, id).Do("dpo-notification",
            new { notifiedAt = Iso(HoursAgo(0.1)), channel = "e-mail", howItOccurred = "Misaddressed e-mail.", likelyImpact = "Low." });
        Assert.Contains(statements.TakeAll(), ReadsDocumentsOf("runningclock"));
        var board = await (await service.Client("dev-dpo").GetAsync("/api/deadlines?within=P3650D")).ExpectJsonArray(System.Net.HttpStatusCode.OK);
        Assert.DoesNotContain(board, clock => clock!["incidentId"]!.GetValue<string>() == id && clock["kind"]!.GetValue<string>() == "dpo");
        Assert.Contains(board, clock => clock!["incidentId"]!.GetValue<string>() == id && clock["kind"]!.GetValue<string>() == "regulator");
    }

    /// <summary>Marten's load of documents by id, as an inline projection does before it updates them.</summary>
    private static Predicate<string> ReadsDocumentsOf(string document) =>
        sql => sql.Contains($"from breachdesk.mt_doc_{document} as d", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every statement Marten's sessions send, as text.</summary>
    private sealed class StatementRecorder : IMartenLogger, IMartenSessionLogger
    {
        private readonly ConcurrentQueue<string> _statements = new();

        public List<string> TakeAll()
        {
            var taken = new List<string>();
            while (_statements.TryDequeue(out var sql)) taken.Add(sql);
            return taken;
        }

        public IMartenSessionLogger StartSession(IQuerySession session) => this;
        public void SchemaChange(string sql) { }
        public void LogSuccess(NpgsqlCommand command) => _statements.Enqueue(command.CommandText);
        public void LogFailure(NpgsqlCommand command, Exception ex) => _statements.Enqueue(command.CommandText);
        public void LogSuccess(NpgsqlBatch batch) { foreach (var command in batch.BatchCommands) _statements.Enqueue(command.CommandText); }
        public void LogFailure(NpgsqlBatch batch, Exception ex) => LogSuccess(batch);
        public void LogFailure(Exception ex, string message) { }
        public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) { }
        public void OnBeforeExecute(NpgsqlCommand command) { }
        public void OnBeforeExecute(NpgsqlBatch batch) { }
    }
}
