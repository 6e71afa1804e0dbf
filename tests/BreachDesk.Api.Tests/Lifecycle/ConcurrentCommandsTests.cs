using System.Net;
using BreachDesk.Auditing;
using BreachDesk.Infrastructure.Database;
using BreachDesk.Tests.Support;
using Npgsql;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Lifecycle;

/// <summary>
/// Two writers appending to one incident at the same moment: one wins; the other is decided again on the fresh
/// state (a command without If-Match, a background handler), or told so (412 with If-Match, 409 after repeated
/// losses). The audit chain's trigger meets the race before Marten's own check does, so its key must count as a concurrency conflict too: it was a 500, and a dead-lettered checkpoint in the fuzz test.
/// </summary>
[Collection("service")]
public class ConcurrentCommandsTests(ServiceFixture fixture)
{
    [Fact]
    public async Task Commands_racing_on_one_incident_are_each_applied_or_answered_409_never_500()
    {
        var incident = await IncidentClient.Reported(fixture.Service, ReportBody(discoveredAt: HoursAgo(2)));
        var statuses = new List<HttpStatusCode>();
        for (var round = 0; round < 6; round++)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(n =>
                incident.Post("containment", new { action = $"Action {round}.{n}", takenAt = Iso(HoursAgo(1)) }, "dev-oncall")));
            statuses.AddRange(responses.Select(r => r.StatusCode));
        }

        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)s}: {string.Join(", ", statuses.Select(x => (int)x))}"));
        var containment = (await incident.View())["containment"]!.AsArray();
        Assert.Equal(statuses.Count(s => s == HttpStatusCode.OK), containment.Count);
    }

    [Fact]
    public async Task Two_commands_without_If_Match_at_the_same_moment_are_both_recorded()
    {
        // Without If-Match the client asked for a fact to be recorded on the incident as it is: the one that loses
        // the race is decided again on the fresh state (as a background escalation landing at that moment would
        // otherwise fail a person's request).
        var incident = await IncidentClient.Reported(fixture.Service, ReportBody(discoveredAt: HoursAgo(2)));
        for (var round = 0; round < 5; round++)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(n =>
                incident.Post("containment", new { action = $"Action {round}.{n}", takenAt = Iso(HoursAgo(1)) }, "dev-oncall")));
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        }
        Assert.Equal(10, (await incident.View())["containment"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_second_audit_link_for_one_stream_version_is_recognised_as_a_concurrency_conflict()
    {
        var incident = await IncidentClient.Reported(fixture.Service);
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand(
            $"INSERT INTO {MartenConfiguration.Schema}.{EventHashChain.TableName} (stream_id, version, hash) VALUES ($1, 1, $2)", connection)
        {
            Parameters = { new() { Value = Guid.Parse(incident.Id) }, new() { Value = new byte[EventHashChain.HashLength] } },
        };

        var duplicate = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync());

        Assert.True(duplicate.IsConcurrencyConflict(), $"{duplicate.SqlState} {duplicate.ConstraintName}: {duplicate.MessageText}");
        Assert.False(new InvalidOperationException("unrelated").IsConcurrencyConflict());
    }
}
