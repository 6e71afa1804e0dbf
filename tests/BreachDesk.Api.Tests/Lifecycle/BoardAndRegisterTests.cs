using System.Net;
using System.Text;
using BreachDesk.Tests.Reporting;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Lifecycle;

/// <summary>The board and the register read what other tests also write, so these assert on their own incidents only.</summary>
[Collection("service")]
public class BoardAndRegisterTests(ServiceFixture fixture)
{
    [Fact]
    public async Task The_board_lists_running_clocks_soonest_first_with_overdue_ones_and_drops_met_ones()
    {
        var overdue = await IncidentClient.Reported(fixture.Service, ReportBody(discoveredAt: HoursAgo(8)));
        var fresh = await IncidentClient.Reported(fixture.Service, ReportBody(discoveredAt: HoursAgo(1)));
        var handled = await IncidentClient.Reported(fixture.Service, ReportBody(discoveredAt: HoursAgo(2)));
        await handled.Do("dpo-notification", new { notifiedAt = Iso(HoursAgo(1)), channel = "e-mail", howItOccurred = "x", likelyImpact = "x" });

        var board = await (await fixture.Service.Client("dev-oncall").GetAsync("/api/deadlines?limit=1000")).ExpectJsonArray(HttpStatusCode.OK);
        var dueTimes = board.Select(e => e!["dueAt"].Time()).ToList();
        Assert.Equal(dueTimes.Order(), dueTimes);

        var mine = board.Where(e => e!["incidentId"]!.GetValue<string>() is var id && (id == overdue.Id || id == fresh.Id || id == handled.Id)).ToList();
        var overdueDpo = Assert.Single(mine, e => e!["incidentId"]!.GetValue<string>() == overdue.Id && e["kind"]!.GetValue<string>() == "dpo")!;
        Assert.Equal("missed", overdueDpo.Text("status"));
        Assert.StartsWith("-PT", overdueDpo.Text("remaining"));
        Assert.Contains(mine, e => e!["incidentId"]!.GetValue<string>() == fresh.Id && e["kind"]!.GetValue<string>() == "regulator");
        Assert.DoesNotContain(mine, e => e!["incidentId"]!.GetValue<string>() == handled.Id && e["kind"]!.GetValue<string>() == "dpo");
        Assert.Contains(mine, e => e!["incidentId"]!.GetValue<string>() == handled.Id && e["kind"]!.GetValue<string>() == "regulator");

        var upcoming = await (await fixture.Service.Client("dev-oncall").GetAsync("/api/deadlines?within=PT6H&includeOverdue=false&limit=1000")).ExpectJsonArray(HttpStatusCode.OK);
        Assert.DoesNotContain(upcoming, e => e!["incidentId"]!.GetValue<string>() == overdue.Id);
        Assert.Contains(upcoming, e => e!["incidentId"]!.GetValue<string>() == fresh.Id && e["kind"]!.GetValue<string>() == "dpo");
        Assert.DoesNotContain(upcoming, e => e!["kind"]!.GetValue<string>() == "regulator" && e["incidentId"]!.GetValue<string>() == fresh.Id);
    }

    [Theory]
    [InlineData("within=tomorrow", "within")]
    [InlineData("includeOverdue=perhaps", "includeOverdue")]
    [InlineData("limit=0", "limit")]
    public async Task Bad_board_parameters_are_a_400_naming_them(string query, string field) =>
        await BadInputTests.AssertValidationProblem(await fixture.Service.Client().GetAsync($"/api/deadlines?{query}"), field, query);

    [Fact]
    public async Task The_register_csv_has_a_header_one_quoted_row_per_incident_unreported_ones_too_and_defuses_formulas()
    {
        var hostile = await IncidentClient.Reported(fixture.Service, ReportBody(title: "=HYPERLINK(\"http://evil\",\"click\")"));
        var unreported = await IncidentClient.Reported(fixture.Service, ReportBody(title: $"Unreported \"quoted\", comma {Guid.NewGuid():N}"));
        await unreported.Do("risk-assessment", new { level = "none", rationale = "Encrypted laptop, key safe." });
        await unreported.Do("close", new { outcome = "Not reportable.", lessonsLearned = "-lock screens" });

        var response = await fixture.Service.Client("dev-auditor").GetAsync("/api/register?format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var rows = Csv.Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));

        var header = rows[0];
        Assert.Equal("reference", header[0]);
        Assert.All(rows, row => Assert.Equal(header.Count, row.Count));
        var total = (await (await fixture.Service.Client("dev-auditor").GetAsync("/api/register?pageSize=1")).ExpectJson(HttpStatusCode.OK))["total"]!.GetValue<long>();
        Assert.Equal(total, rows.Count - 1);

        var title = header.IndexOf("title");
        Assert.Contains(rows, row => row[title] == "'=HYPERLINK(\"http://evil\",\"click\")");
        var unreportedRow = Assert.Single(rows, row => row[title].StartsWith("Unreported \"quoted\", comma"));
        Assert.Equal("none", unreportedRow[header.IndexOf("riskLevel")]);
        Assert.Equal("not-required", unreportedRow[header.IndexOf("regulatorDeadline")]);
        Assert.Equal("'-lock screens", unreportedRow[header.IndexOf("lessonsLearned")]);
        Assert.Equal("closed", unreportedRow[header.IndexOf("status")]);
        Assert.NotEqual(hostile.Id, unreported.Id);
    }

    [Fact]
    public async Task Only_the_dpo_auditors_and_admins_read_the_register()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Service.Client("dev-reporter").GetAsync("/api/register")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Service.Client("dev-oncall").GetAsync("/api/register?format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Service.Client("dev-dpo").GetAsync("/api/register")).StatusCode);
        await BadInputTests.AssertValidationProblem(await fixture.Service.Client("dev-dpo").GetAsync("/api/register?format=xlsx"), "format", "xlsx");
    }
}

/// <summary>A strict RFC 4180 reader: every field must be quoted, as the register writes them.</summary>
internal static class Csv
{
    public static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            Assert.Equal('"', text[i]);
            var field = new StringBuilder();
            i++;
            while (true)
            {
                if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; }
                else if (text[i] == '"') { i++; break; }
                else field.Append(text[i++]);
            }
            row.Add(field.ToString());
            if (i < text.Length && text[i] == ',') { i++; continue; }
            Assert.Equal("\r\n", text.Substring(i, 2));
            i += 2;
            rows.Add(row);
            row = [];
        }
        return rows;
    }
}
