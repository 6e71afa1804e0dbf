using System.Net;
using System.Text.Json.Nodes;
using BreachDesk.Tests.Support;
using JasperFx;
using Npgsql;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Insights;

/// <summary>
/// The figures are read from narrow columns the incident view keeps (decision 0024): they move when a fact is recorded
/// later, in the command's own transaction, and a rebuild from the events alone gives the same figures.
/// </summary>
public sealed class InsightsFollowTheFactsTests
{
    private static readonly DateTimeOffset Aware = DateTimeOffset.UtcNow.AddDays(-20).Date.AddHours(9);
    private static string Day => Aware.UtcDateTime.ToString("yyyy-MM-dd");

    private static async Task<JsonObject> Insights(RunningService service) =>
        await (await service.Client("dev-dpo").GetAsync($"/api/insights?from={Day}&to={Day}")).ExpectJson(HttpStatusCode.OK);

    private static async Task<JsonObject> AnnualReport(RunningService service) =>
        await (await service.Client("dev-dpo").GetAsync($"/api/insights/annual-report?year={Aware.Year}")).ExpectJson(HttpStatusCode.OK);

    private static Task<IncidentClient> Reported(RunningService service) => IncidentClient.Reported(service, new
    {
        title = "Payroll export sent to the wrong processor", description = "Found in the processor's inbox.",
        discoveredAt = Iso(Aware), source = "processor", systems = new[] { "payroll" },
    });

    private static object Impact(string[] categories, int people) => new
    {
        breachTypes = new[] { "confidentiality" }, dataCategories = categories, approxDataSubjects = people,
        identifiability = "maximum", dataEncrypted = false,
    };

    [Fact]
    public async Task An_impact_assessed_later_and_a_late_dpo_notice_move_the_incident_in_the_figures()
    {
        await using var service = await RunningService.StartAsync(await TestDatabase.CreateAsync());
        var incident = await Reported(service);

        var before = await Insights(service);
        Assert.Equal((1, 1), (before["incidents"]!.GetValue<int>(), before["notAssessed"]!.GetValue<int>()));
        Assert.Equal(0, before["byDataCategory"]!.AsObject().Sum(c => c.Value!.GetValue<int>()));
        Assert.Equal("not-assessed", Outcome(before));
        var dpo = before["clocks"]!["dpo"]!;
        Assert.Equal((0, 0, 1, 0), (Int(dpo, "met"), Int(dpo, "metLate"), Int(dpo, "missed"), Int(dpo, "measured")));

        await incident.Do("impact", Impact(["employment", "financial"], 40));
        await incident.Do("dpo-notification", new
        {
            notifiedAt = Iso(Aware.AddHours(30)), channel = "email", howItOccurred = "A wrong address.", likelyImpact = "Salaries seen.",
        });
        await incident.Do("risk-assessment", new { level = "none", rationale = "The processor deleted it unread." });

        var after = await Insights(service);
        Assert.Equal((1, 0), (after["incidents"]!.GetValue<int>(), after["notAssessed"]!.GetValue<int>()));
        Assert.Equal((1, 1, 0), (Int(after["byDataCategory"]!, "employment"), Int(after["byDataCategory"]!, "financial"),
            Int(after["byDataCategory"]!, "contact")));
        Assert.Equal(1, Int(after["byMonth"]!.AsArray().Single()!["byDataCategory"]!, "employment"));
        dpo = after["clocks"]!["dpo"]!;
        // Told 30 hours after awareness: met late, and now measured.
        Assert.Equal((0, 1, 0, 1), (Int(dpo, "met"), Int(dpo, "metLate"), Int(dpo, "missed"), Int(dpo, "measured")));
        Assert.Equal("P1DT6H", dpo["median"]!.GetValue<string>());
        Assert.Equal(0.0, dpo["onTimeRate"]!.GetValue<double>());
        // No risk: the regulator's clock no longer applies, and nothing is to be reported.
        Assert.Equal(1, Int(after["clocks"]!["regulator"]!, "notRequired"));
        Assert.Equal("not-reportable", Outcome(after));

        var report = await AnnualReport(service);
        Assert.Equal((1, 0), (Int(report["risk"]!, "none"), Int(report["risk"]!, "notAssessed")));
        Assert.Equal(40, report["dataSubjects"]!["approxPeopleAffected"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_rebuild_from_the_events_gives_the_same_figures()
    {
        var database = await TestDatabase.CreateAsync();
        JsonObject insights, report;
        await using (var service = await RunningService.StartAsync(database))
        {
            var late = await Reported(service);
            await late.Do("impact", Impact(["contact"], 900));
            await late.Do("risk-assessment", new { level = "high", rationale = "Bank details of 900 people." });
            await late.Do("regulator-notification", new
            {
                submittedAt = Iso(Aware.AddHours(90)), regulator = "ICO", reference = "ICO-9", lateReason = "The scope took days to know.",
            });
            await late.Do("data-subject-notification", new { sentAt = Iso(Aware.AddHours(95)), channel = "letter", recipients = 900 });
            await Reported(service);
            (insights, report) = (await Insights(service), await AnnualReport(service));
        }
        Assert.Equal(2, insights["incidents"]!.GetValue<int>());
        Assert.Single(report["lateReports"]!.AsArray());

        // As a database whose view was never written: the figures come back from the events alone.
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand("DELETE FROM breachdesk.mt_doc_incidentview", connection).ExecuteNonQueryAsync();
        }
        Assert.Equal(0, await RunningService.RunCommandAsync(database, "projections", "rebuild", "--shard-timeout", "5m"));

        await using (var service = await RunningService.StartAsync(database))
        {
            Assert.Equal(WithoutClock(insights), WithoutClock(await Insights(service)));
            Assert.Equal(WithoutClock(report), WithoutClock(await AnnualReport(service)));
        }
    }

    private static int Int(JsonNode node, string name) => node[name]!.GetValue<int>();

    private static string Outcome(JsonObject figures) =>
        figures["byOutcome"]!.AsObject().Single(o => o.Value!.GetValue<int>() == 1).Key;

    /// <summary>The figures without the moment they were made.</summary>
    private static string WithoutClock(JsonObject figures)
    {
        var copy = figures.DeepClone().AsObject();
        copy.Remove("generatedAt");
        return copy.ToJsonString();
    }
}
