using System.Net;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Drafting;

/// <summary>The two draft routes: formats, every draft there from the start, and the 404s a client can meet.</summary>
[Collection("drafting")]
public class DraftEndpointTests(DraftingFixture fixture)
{
    private string LostLaptop => fixture.Golden["lost-laptop"];

    [Fact]
    public async Task Markdown_is_the_default_and_html_and_json_are_negotiated()
    {
        var byDefault = await fixture.Service.GetDraft(LostLaptop, "dpo-notice");
        Assert.Equal("text/markdown", byDefault.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("# Personal data breach: written notice", await byDefault.Content.ReadAsStringAsync());
        Assert.NotNull(byDefault.Headers.ETag);

        var html = await fixture.Service.GetDraft(LostLaptop, "dpo-notice", "text/html");
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        var page = await html.Content.ReadAsStringAsync();
        Assert.Contains("<h2>(i) What happened</h2>", page);
        Assert.Contains("<title>Personal data breach: written notice to the Data Protection Officer (BD-2026-0001)</title>", page);

        var json = await fixture.Service.Sections(LostLaptop, "dpo-notice");
        Assert.Equal("dpo-notice", json["kind"]!.GetValue<string>());
        Assert.True(json["version"]!.GetValue<int>() >= 1);
        Assert.InRange(json["generatedAt"].Time(), DraftScenarios.Start, DraftScenarios.Now); // the service's clock
        var headings = json["sections"]!.AsArray().Select(s => s!["heading"]!.GetValue<string>()).ToList();
        Assert.Equal("(i) What happened", headings[1]);
        Assert.Contains("Clocks", headings);
    }

    [Fact]
    public async Task A_just_reported_incident_has_all_three_drafts_at_once()
    {
        var incident = await IncidentClient.Reported(fixture.Service, new
        {
            title = "Card reader skimmer found", description = "A skimmer was found on a shop's card reader.",
            discoveredAt = Iso(DraftScenarios.Now.AddMinutes(-5)), source = "staff",
        });

        var list = await (await fixture.Service.Client("dev-auditor").GetAsync($"/api/incidents/{incident.Id}/drafts")).ExpectJsonArray(HttpStatusCode.OK);
        Assert.Equal(DraftApi.Kinds, list.Select(d => d!["kind"]!.GetValue<string>()));
        Assert.All(list, d => Assert.Equal(1, d!["version"]!.GetValue<int>()));
        Assert.Contains("\"Card reader skimmer found\"", await fixture.Service.Markdown(incident.Id, "dpo-notice"));
    }

    [Fact]
    public async Task The_accept_header_is_weighed_and_an_unsupported_format_is_406()
    {
        var browser = await fixture.Service.GetDraft(LostLaptop, "regulator", "text/html, */*;q=0.8");
        Assert.Equal("text/html", browser.Content.Headers.ContentType!.MediaType);
        var anything = await fixture.Service.GetDraft(LostLaptop, "regulator", "*/*");
        Assert.Equal("text/markdown", anything.Content.Headers.ContentType!.MediaType);
        var pdf = await fixture.Service.GetDraft(LostLaptop, "regulator", "application/pdf");
        Assert.Equal(HttpStatusCode.NotAcceptable, pdf.StatusCode);
    }

    [Fact]
    public async Task Unknown_kind_and_unknown_incident_are_404_problems()
    {
        var kind = await (await fixture.Service.GetDraft(LostLaptop, "press-release", "application/json")).ExpectJson(HttpStatusCode.NotFound);
        Assert.Contains("dpo-notice, regulator, data-subject", kind["detail"]!.GetValue<string>());

        var unknown = Guid.NewGuid();
        var incident = await (await fixture.Service.GetDraft(unknown.ToString(), "regulator", "application/json")).ExpectJson(HttpStatusCode.NotFound);
        Assert.Contains(unknown.ToString(), incident["detail"]!.GetValue<string>());
        await (await fixture.Service.Client("dev-auditor").GetAsync($"/api/incidents/{unknown}/drafts")).ExpectJson(HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Service.Client(apiKey: null).GetAsync($"/api/incidents/{LostLaptop}/drafts")).StatusCode);
    }

    [Fact]
    public async Task Hostile_incident_text_cannot_inject_html_or_forge_a_section()
    {
        var incident = await IncidentClient.Reported(fixture.Service, new
        {
            title = "<script>alert('x')</script> [click](javascript:alert(1))",
            description = "Line one\n## Forged section\n<img src=x onerror=alert(1)>",
            discoveredAt = Iso(DraftScenarios.Now.AddHours(-1)), source = "staff",
        });
        await fixture.Service.CurrentDrafts(incident.Id);

        var page = await (await fixture.Service.GetDraft(incident.Id, "dpo-notice", "text/html")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script", page);
        Assert.DoesNotContain("<img", page);
        Assert.DoesNotContain("href=\"javascript", page);
        Assert.Contains("&lt;script&gt;", page);

        var json = await fixture.Service.Sections(incident.Id, "dpo-notice");
        Assert.DoesNotContain(json["sections"]!.AsArray(), s => s!["heading"]!.GetValue<string>().Contains("Forged"));
    }
}
