using System.Net;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Drafting;

/// <summary>Drafts follow the facts in the background: a new fact gives a new version within seconds.</summary>
[Collection("drafting")]
public class DraftRegenerationTests(DraftingFixture fixture)
{
    [Fact]
    public async Task After_an_impact_assessment_the_drafts_show_it_with_a_higher_version()
    {
        var incident = await IncidentClient.Reported(fixture.Service, new
        {
            title = "Payroll file on a shared drive", description = "A payroll export was saved to a drive every employee can open.",
            discoveredAt = Iso(DraftScenarios.Now.AddHours(-3)), source = "staff",
        });
        var before = await fixture.Service.CurrentDrafts(incident.Id);
        Assert.Contains("To follow (Art. 33(4))", await fixture.Service.Markdown(incident.Id, "regulator"));

        await incident.Do("impact", new
        {
            breachTypes = new[] { "confidentiality" }, dataCategories = new[] { "financial", "employment" },
            approxDataSubjects = 412, approxRecords = 412, subjectGroups = new[] { "employees" },
            identifiability = "maximum", likelyConsequences = "Colleagues learning each other's pay.", countries = new[] { "GB" },
        }, "dev-reporter");

        var after = await DraftApi.Until(fixture.Service, incident.Id,
            drafts => DraftApi.Kinds.All(kind => Version(drafts[kind]) > Version(before[kind])),
            "a higher version of every draft");
        Assert.Contains("Approximate number of data subjects: 412", await fixture.Service.Markdown(incident.Id, "regulator"));
        Assert.Contains("Colleagues learning each other's pay.", await fixture.Service.Markdown(incident.Id, "dpo-notice"));
        Assert.Contains("Check your bank and card statements", await fixture.Service.Markdown(incident.Id, "data-subject"));

        var list = await (await fixture.Service.Client("dev-auditor").GetAsync($"/api/incidents/{incident.Id}/drafts")).ExpectJsonArray(HttpStatusCode.OK);
        Assert.Equal(DraftApi.Kinds, list.Select(d => d!["kind"]!.GetValue<string>()));
        Assert.All(list, d => Assert.Equal(Version(after[d!["kind"]!.GetValue<string>()]), d!["version"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_fact_that_changes_no_draft_text_keeps_the_versions()
    {
        var incident = await IncidentClient.Reported(fixture.Service, new
        {
            title = "Printout left in a meeting room", description = "A printed customer list was left in a meeting room.",
            discoveredAt = Iso(DraftScenarios.Now.AddHours(-2)), source = "staff",
        });
        await incident.Do("impact", new
        {
            breachTypes = new[] { "confidentiality" }, dataCategories = new[] { "contact" }, approxDataSubjects = 40,
            identifiability = "maximum", countries = new[] { "GB" },
        }, "dev-reporter");
        var first = await fixture.Service.CurrentDrafts(incident.Id);

        // The same impact again: a new event, but the drafts say exactly what they said.
        await incident.Do("impact", new
        {
            breachTypes = new[] { "confidentiality" }, dataCategories = new[] { "contact" }, approxDataSubjects = 40,
            identifiability = "maximum", countries = new[] { "GB" },
        }, "dev-reporter");
        var second = await fixture.Service.CurrentDrafts(incident.Id);

        Assert.All(DraftApi.Kinds, kind => Assert.Equal(Version(first[kind]), Version(second[kind])));
    }

    private static int Version(System.Text.Json.Nodes.JsonObject draft) => draft["version"]!.GetValue<int>();
}
