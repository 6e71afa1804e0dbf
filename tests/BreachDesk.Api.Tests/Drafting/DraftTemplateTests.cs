using BreachDesk.Drafting;
using BreachDesk.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Drafting;

/// <summary>Templates the organisation can change without a rebuild, and a clear stop when one is broken.</summary>
public class DraftTemplateTests
{
    [Fact]
    public async Task A_template_in_the_configured_folder_replaces_the_shipped_one_of_the_same_name()
    {
        var folder = Directory.CreateTempSubdirectory("breachdesk-templates-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "regulator.liquid"), "# Our own report for {{ incident.reference }}\n\n## Contact\n\n{{ dpo.email }}\n");
        await using var service = await DraftingFixture.StartAsync(await TestDatabase.CreateAsync(), new FakeTimeProvider(DraftScenarios.Now),
            builder => builder.Configuration["BreachDesk:Drafts:TemplateFolder"] = folder);

        var incident = await IncidentClient.Reported(service, new
        {
            title = "t", description = "d", discoveredAt = Iso(DraftScenarios.Now.AddHours(-1)), source = "staff",
        });
        await service.CurrentDrafts(incident.Id);

        Assert.Equal("# Our own report for BD-2026-0001\n\n## Contact\n\ndpo@northwind.example\n", await service.Markdown(incident.Id, "regulator"));
        Assert.StartsWith("# Personal data breach: written notice", await service.Markdown(incident.Id, "dpo-notice"));
    }

    [Fact]
    public async Task A_changed_template_set_that_renders_the_same_text_keeps_the_versions()
    {
        var database = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(DraftScenarios.Now);
        string id;
        IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonObject> before;
        string shippedFingerprint;
        await using (var shipped = await DraftingFixture.StartAsync(database, clock))
        {
            id = (await IncidentClient.Reported(shipped, new
            {
                title = "t", description = "d", discoveredAt = Iso(DraftScenarios.Now.AddHours(-1)), source = "staff",
            })).Id;
            before = await shipped.CurrentDrafts(id);
            shippedFingerprint = shipped.Services.GetRequiredService<DraftTemplates>().Fingerprint;
        }

        // The organisation's copy of a shipped template, with a comment of its own: another template set, the same text.
        var folder = Directory.CreateTempSubdirectory("breachdesk-templates-").FullName;
        var template = await File.ReadAllTextAsync(Path.Combine(DraftTemplates.ShippedFolder, "regulator.liquid"));
        await File.WriteAllTextAsync(Path.Combine(folder, "regulator.liquid"), "{%- comment -%} Reviewed by our DPO. {%- endcomment -%}" + template);
        clock.Advance(TimeSpan.FromHours(1));
        await using var overridden = await DraftingFixture.StartAsync(database, clock,
            builder => builder.Configuration["BreachDesk:Drafts:TemplateFolder"] = folder);
        Assert.NotEqual(shippedFingerprint, overridden.Services.GetRequiredService<DraftTemplates>().Fingerprint);

        var after = await overridden.CurrentDrafts(id);
        Assert.All(DraftApi.Kinds, kind =>
        {
            Assert.Equal(before[kind]["version"]!.GetValue<int>(), after[kind]["version"]!.GetValue<int>());
            Assert.Equal(before[kind]["generatedAt"]!.GetValue<string>(), after[kind]["generatedAt"]!.GetValue<string>());
        });
        Assert.Equal(3, await overridden.StoredVersions(id));
    }

    [Theory]
    [InlineData("{% if incident.reference %}never closed", "cannot be parsed")]
    [InlineData("{{ incident.title | no_such_filter }}", "fails when rendered")]
    public async Task A_broken_template_stops_the_service_at_start_naming_the_file(string template, string problem)
    {
        var folder = Directory.CreateTempSubdirectory("breachdesk-templates-").FullName;
        var file = Path.Combine(folder, "data-subject.liquid");
        await File.WriteAllTextAsync(file, template);

        var database = await TestDatabase.CreateAsync();
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => DraftingFixture.StartAsync(
            database, TimeProvider.System, builder => builder.Configuration["BreachDesk:Drafts:TemplateFolder"] = folder));

        var message = failure.GetBaseException().Message + failure.Message;
        Assert.Contains(file, message);
        Assert.Contains(problem, message);
    }
}
