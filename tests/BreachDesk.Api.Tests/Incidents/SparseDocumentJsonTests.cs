using System.Text;
using BreachDesk.Board;
using BreachDesk.Deadlines;
using BreachDesk.Escalating;
using BreachDesk.Incidents;
using BreachDesk.Infrastructure.Database;
using Marten;
using Weasel.Core;

namespace BreachDesk.Tests.Incidents;

/// <summary>
/// What a stored view, snapshot or clock row holds (decision 0030): nothing that has not happened, the policy as one
/// string, the due times not at all; and what it reads back, rows of the previous version too. Marten's own serializer,
/// configured as the service configures it.
/// </summary>
public class SparseDocumentJsonTests
{
    private static readonly Marten.ISerializer Serializer = SerializerAsConfigured();

    private static Marten.ISerializer SerializerAsConfigured()
    {
        var options = new StoreOptions();
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, SparseDocumentJson.Apply);
        return options.Serializer();
    }

    private static T Read<T>(string json) => Serializer.FromJson<T>(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    private static readonly DeadlinePolicy Policy = new(TimeSpan.FromHours(4), TimeSpan.FromHours(48), TimeSpan.FromHours(72));

    [Fact]
    public void A_new_view_leaves_out_what_has_not_happened_and_its_due_times_and_reads_back_the_same()
    {
        var reported = new IncidentReported(Guid.NewGuid(), "BD-2026-0042", "Lost laptop", "Left on a train.",
            DateTimeOffset.Parse("2026-12-01T09:00:00Z"), null, false, IncidentSource.Staff, ["laptops"], "dev-reporter",
            DateTimeOffset.Parse("2026-12-01T10:00:00Z"), Policy, "dev-reporter");
        var view = IncidentViewProjection.Create(reported);

        var json = Serializer.ToJson(view);

        foreach (var left in new[] { "impact", "risk", "owner", "tasks", "evidence", "dpoNotices", "closure", "occurredAt",
                     "dpoMetAt", "notesText", "searchText", "dpoDueAt", "regulatorDueAt", "dpoBasis" })
            Assert.DoesNotContain($"\"{left}\"", json);
        Assert.Contains("\"policy\":\"PT4H P2D P3D\"", json);

        var read = Read<IncidentView>(json);
        Assert.Empty(read.Tasks);
        Assert.Empty(read.DpoNotices);
        Assert.Null(read.Impact);
        Assert.Equal(Policy, read.Policy);
        Assert.Equal(view.DpoDueAt, read.DpoDueAt);
        Assert.Equal(DateTimeOffset.Parse("2026-12-01T13:00:00Z"), read.DpoDueAt);
        Assert.Equal(view.RegulatorStatutoryDueAt, read.RegulatorStatutoryDueAt);
    }

    [Fact]
    public void Rows_of_the_previous_version_read_their_policy_object_and_ignore_their_stored_due_times()
    {
        const string policy = """{"dpoNoticeWithin": "04:00:00", "regulatorNoticeWithin": "2.00:00:00", "statutoryRegulatorNoticeWithin": "3.00:00:00"}""";
        var view = Read<IncidentView>($$"""
            {"id": "{{Guid.NewGuid()}}", "policy": {{policy}}, "discoveredAt": "2026-12-01T09:00:00+00:00",
             "dpoDueAt": "2000-01-01T00:00:00+00:00", "tasks": [], "owner": null, "searchText": "BD-2026-0042\nLost laptop"}
            """);
        Assert.Equal(Policy, view.Policy);
        Assert.Equal(DateTimeOffset.Parse("2026-12-01T13:00:00Z"), view.DpoDueAt);
        Assert.Equal("BD-2026-0042\nLost laptop", view.SearchText);

        var snapshot = Read<Incident>($$"""
            {"id": "{{Guid.NewGuid()}}", "status": "Open", "discoveredAt": "2026-12-01T09:00:00+00:00", "occurredAt": null,
             "policy": {{policy}}, "risk": null, "tasks": {}, "evidenceCount": 0}
            """);
        Assert.Equal(Policy, snapshot.Policy);
        Assert.Equal(DateTimeOffset.Parse("2026-12-01T13:00:00Z"), snapshot.DueAt(DeadlineKind.Dpo));
    }

    [Fact]
    public void A_snapshot_and_a_clock_row_leave_out_what_is_not_known_and_keep_what_is()
    {
        var incident = new Incident(Guid.NewGuid(), IncidentStatus.Open, DateTimeOffset.Parse("2026-12-01T09:00:00Z"), null, Policy,
            Reference: "BD-2026-0042");
        var json = Serializer.ToJson(incident);
        foreach (var left in new[] { "occurredAt", "risk", "owner", "tasks", "dpoNotifiedAt", "regulatorNotifiedAt" })
            Assert.DoesNotContain($"\"{left}\"", json);
        var read = Read<Incident>(json);
        Assert.Equal(incident.Policy, read.Policy);
        Assert.Empty(read.Tasks);
        Assert.Equal(incident.DueAt(DeadlineKind.Regulator), read.DueAt(DeadlineKind.Regulator));

        var clock = new RunningClock
        {
            Id = RunningClock.IdFor(incident.Id, DeadlineKind.Dpo), Reference = "BD-2026-0042",
            Kind = DeadlineKind.Dpo, DueAt = incident.DueAt(DeadlineKind.Dpo), Facts = ClockFacts.Of(incident, DeadlineKind.Dpo),
        };
        var clockJson = Serializer.ToJson(clock);
        Assert.DoesNotContain("\"statutoryDueAt\"", clockJson);
        Assert.DoesNotContain("\"incident\"", clockJson);
        Assert.DoesNotContain("\"incidentId\"", clockJson);
        var readClock = Read<RunningClock>(clockJson);
        Assert.Equal(clock.Facts, readClock.Facts);
        Assert.Equal(incident.Id, readClock.IncidentId);
    }
}
