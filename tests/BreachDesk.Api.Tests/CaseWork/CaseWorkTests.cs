using System.Net;
using System.Text.Json.Nodes;
using BreachDesk.Tests.Reporting;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.CaseWork;

/// <summary>Owner, tasks and notes, as a responder and a DPO use them over the API.</summary>
[Collection("service")]
public class CaseWorkTests(ServiceFixture fixture)
{
    private Task<IncidentClient> Reported() => IncidentClient.Reported(fixture.Service, ReportBody(discoveredAt: HoursAgo(2)));

    private static JsonObject Task(JsonObject view, int id) =>
        view["tasks"]!.AsArray().Single(t => t!["id"]!.GetValue<int>() == id)!.AsObject();

    [Fact]
    public async Task A_responder_takes_the_incident_and_the_owner_is_on_the_incident_and_in_the_timeline()
    {
        var incident = await Reported();

        var view = await incident.Do("assignment", new { owner = "sam.sec", note = "Taking it over from the night shift." }, key: "dev-reporter");
        Assert.Equal("sam.sec", view.Text("owner"));

        var entry = (await incident.Timeline()).Single(e => e!["kind"]!.GetValue<string>() == "incident-assigned")!;
        Assert.Equal("Assigned to sam.sec: Taking it over from the night shift.", entry["summary"]!.GetValue<string>());
        Assert.Equal("dev-reporter", entry["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tasks_are_added_finished_and_an_open_one_past_its_due_time_reads_overdue()
    {
        var incident = await Reported();

        await incident.Do("tasks", new { title = "Reset the exposed passwords", assignee = "sam.sec", dueAt = Iso(HoursAgo(1)) }, key: "dev-oncall");
        var view = await incident.Do("tasks", new { title = "Ask the processor for its logs", dueAt = Iso(DateTimeOffset.UtcNow.AddDays(2)) });
        Assert.True(Task(view, 1)["overdue"]!.GetValue<bool>());
        Assert.False(Task(view, 2)["overdue"]!.GetValue<bool>());
        Assert.Equal("open", Task(view, 1).Text("status"));

        view = await incident.Do("tasks/1/done", new { note = "All 40 reset." }, key: "dev-oncall");
        Assert.Equal("done", Task(view, 1).Text("status"));
        Assert.False(Task(view, 1)["overdue"]!.GetValue<bool>());
        Assert.Equal("dev-oncall", Task(view, 1).Text("doneBy"));

        view = await incident.Do("tasks/2/cancel", new { note = "The processor sent them unasked." });
        Assert.Equal("cancelled", Task(view, 2).Text("status"));

        Assert.Equal(HttpStatusCode.Conflict, (await incident.Post("tasks/1/done", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await incident.Post("tasks/9/done", new { })).StatusCode);
        var kinds = (await incident.Timeline()).Select(e => e!["kind"]!.GetValue<string>()).ToList();
        Assert.Equal(2, kinds.Count(k => k == "task-added"));
        Assert.Contains("task-done", kinds);
        Assert.Contains("task-cancelled", kinds);
    }

    [Fact]
    public async Task A_note_is_in_the_timeline_with_its_author()
    {
        var incident = await Reported();
        await incident.Do("notes", new { text = "The laptop's owner says the disk was encrypted." }, key: "dev-oncall");

        var note = (await incident.Timeline()).Single(e => e!["kind"]!.GetValue<string>() == "note-added")!;
        Assert.Equal("The laptop's owner says the disk was encrypted.", note["summary"]!.GetValue<string>());
        Assert.Equal("dev-oncall", note["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_case_work_is_a_400_naming_the_field_and_a_role_that_may_not_act_gets_403()
    {
        var incident = await Reported();
        await BadInputTests.AssertValidationProblem(await incident.Post("assignment", new { owner = "" }), "owner", "empty owner");
        await BadInputTests.AssertValidationProblem(await incident.Post("tasks", new { title = "x", dueAt = Iso(HoursAgo(200)) }), "dueAt", "due before discovery");
        await BadInputTests.AssertValidationProblem(await incident.Post("notes", new { text = new string('n', 20_001) }), "text", "note too long");
        Assert.Equal(HttpStatusCode.Forbidden, (await incident.Post("assignment", new { owner = "x" }, key: "dev-oncall")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await incident.Post("notes", new { text = "x" }, key: "dev-auditor")).StatusCode);
        Assert.Equal(1, (await incident.View())["version"]!.GetValue<long>());
    }
}
