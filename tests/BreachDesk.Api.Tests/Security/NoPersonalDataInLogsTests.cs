using System.Net;
using System.Net.Http.Json;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Security;

/// <summary>
/// Titles and descriptions of incidents are personal data about the breach (and often about people): they must not
/// reach logs. Every log message of every category, at every level, is captured while incidents are reported,
/// revised, refused and read.
/// </summary>
public class NoPersonalDataInLogsTests
{
    [Fact]
    public async Task Titles_and_descriptions_never_reach_a_log_message()
    {
        const string title = "Zyxwv-title-7731 payroll export of Quentin Marchbanks";
        const string description = "Qwerty-description-5518: spreadsheet with salaries e-mailed to a stranger";
        var logs = new CapturedLogs();

        await using (var service = await RunningService.StartAsync(await TestDatabase.CreateAsync(), logs.AddTo))
        {
            var reporter = service.Client("dev-reporter");
            var incident = await reporter.ReportedIncident(new { title, description, discoveredAt = Iso(HoursAgo(1)) });
            var id = incident["id"]!.GetValue<string>();
            // A refused body that carries the text, and a body that is not even valid JSON around it.
            Assert.Equal(HttpStatusCode.BadRequest, (await reporter.PostAsJsonAsync("/api/incidents",
                new { title, description, discoveredAt = "yesterday" })).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await reporter.PostJson("/api/incidents", $"{{\"title\":\"{title}\",\"description\":\"{description}\"")).StatusCode);
            await reporter.PostAsJsonAsync($"/api/incidents/{id}/occurrence", new { occurredAt = Iso(HoursAgo(2)), reason = description });
            await service.Client("dev-auditor").GetAsync($"/api/incidents/{id}");
            await service.Client("dev-auditor").GetAsync($"/api/incidents/{id}/timeline");
            await service.Client("dev-auditor").GetAsync($"/api/incidents/{id}/audit");
            await service.Client("dev-dpo").GetAsync("/api/register?format=csv");
        }

        Assert.NotEmpty(logs.Lines); // the capture works: there is something to search
        Assert.DoesNotContain(logs.Lines, line => line.Contains("Zyxwv-title-7731", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("Qwerty-description-5518", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("Quentin Marchbanks", StringComparison.Ordinal));
    }
}
