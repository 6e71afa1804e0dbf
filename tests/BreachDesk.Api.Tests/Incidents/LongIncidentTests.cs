using System.Net;
using BreachDesk.Incidents;
using BreachDesk.Tests.Support;
using BreachDesk.Validation;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Incidents;

/// <summary>
/// A command on an incident with a long history loads the stored write model (one document), not the stream; and one
/// incident holds at most <see cref="Limits.MaxEventsPerIncident"/> events. A service and database of their own: the
/// thousands of events seeded here would otherwise keep the shared service's background work busy.
/// </summary>
public class LongIncidentTests : IAsyncLifetime
{
    private string _connection = "";
    private RunningService _service = null!;

    public async Task InitializeAsync()
    {
        _connection = await TestDatabase.CreateAsync();
        _service = await RunningService.StartAsync(_connection);
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    /// <summary>Appends containment facts straight through the service's event store, as many commands would.</summary>
    private async Task AppendContainment(string id, int count)
    {
        var store = _service.Services.GetRequiredService<IDocumentStore>();
        var now = DateTimeOffset.UtcNow;
        for (var done = 0; done < count; done += 1000)
        {
            await using var session = store.LightweightSession();
            session.Events.Append(Guid.Parse(id), Enumerable.Range(done, Math.Min(1000, count - done))
                .Select(i => (object)new ContainmentActionTaken(Guid.Parse(id), $"Step {i}.", now.AddMinutes(-30), now, "dev-dpo")).ToArray());
            await session.SaveChangesAsync();
        }
    }

    private async Task<T> Scalar<T>(string sql, string id)
    {
        await using var connection = new NpgsqlConnection(_connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", Guid.Parse(id));
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task<bool> StoredWriteModelIsCurrent(string id) => await Scalar<bool>(
        "SELECT w.mt_version = s.version FROM breachdesk.mt_doc_incident w JOIN breachdesk.mt_streams s ON s.id = w.id WHERE w.id = @id", id);

    [Fact]
    public async Task A_command_on_an_incident_with_a_thousand_events_is_decided_on_the_stored_write_model()
    {
        var incident = await IncidentClient.Reported(_service, ReportBody(discoveredAt: HoursAgo(2)));
        await AppendContainment(incident.Id, 999);

        // The write model Marten stored with the last append is as current as the stream (background work, such as the
        // report's escalation, may append too: compared with the stream, not with a count).
        Assert.True(await StoredWriteModelIsCurrent(incident.Id));
        Assert.True(await Scalar<long>("SELECT version FROM breachdesk.mt_streams WHERE id = @id", incident.Id) >= 1000);

        var notified = await incident.Do("dpo-notification", new { notifiedAt = Iso(HoursAgo(1)), channel = "e-mail", howItOccurred = "x", likelyImpact = "x" });
        Assert.Equal("met", notified.Text("deadlines.dpo.status"));
        Assert.True(await StoredWriteModelIsCurrent(incident.Id));
        Assert.NotNull(await Scalar<string>("SELECT data ->> 'dpoNotifiedAt' FROM breachdesk.mt_doc_incident WHERE id = @id", incident.Id));

        // Decisions come from that document, not from a fold of the stream: marked closed there (and only there),
        // the incident refuses a command as a closed one does.
        await Scalar<int>("""
                          WITH closed AS (
                            UPDATE breachdesk.mt_doc_incident
                            SET data = jsonb_set(data, '{status}', (CASE data ->> 'status' WHEN 'Open' THEN '"Closed"' ELSE '"closed"' END)::jsonb)
                            WHERE id = @id RETURNING 1)
                          SELECT count(*)::int FROM closed
                          """, incident.Id);
        var refused = await incident.Post("containment", new { action = "Another step.", takenAt = Iso(HoursAgo(0.1)) });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("closed", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_incident_that_holds_the_most_events_allowed_refuses_more_with_a_409_that_says_why()
    {
        var incident = await IncidentClient.Reported(_service, ReportBody(discoveredAt: HoursAgo(2)));
        await AppendContainment(incident.Id, Limits.MaxEventsPerIncident - 1);
        var held = await Scalar<long>("SELECT version FROM breachdesk.mt_streams WHERE id = @id", incident.Id);
        Assert.True(held >= Limits.MaxEventsPerIncident);

        var refused = await incident.Post("containment", new { action = "One step too many.", takenAt = Iso(HoursAgo(0.1)) });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("10,000 events", await refused.Content.ReadAsStringAsync());
        Assert.DoesNotContain("One step too many.", (await incident.View()).ToJsonString());
    }
}
