using System.Net;
using System.Text.RegularExpressions;
using BreachDesk.Tests.Drafting;
using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;
using static Microsoft.Playwright.Assertions;

namespace BreachDesk.Tests.Dashboard;

/// <summary>
/// A draft printed from its page in the dashboard, as "Print or save as PDF" does: the PDF holds the whole draft
/// (every section's heading and the start of its text), the incident's reference and page numbers on every page, and
/// nothing of the dashboard around it.
/// </summary>
public partial class DraftPrintingTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    /// <summary>How long a page may take to draw on a busy shared machine (Playwright\'s default is 5 s).</summary>
    private const float Wait = 30_000;

    /// <summary>Text on every dashboard page or on the draft page's tools, none of which belongs on paper.</summary>
    private static readonly string[] NavigationText =
        ["Skip to content", "Deadline board", "Signed in:", "Print or save as PDF", "Back to BD-", "Offline", "Copy Notice"];

    [Theory]
    [InlineData("dpo-notice", "Print Notice to the DPO")]
    [InlineData("regulator", "Print Report to the regulator (Art. 33)")]
    [InlineData("data-subject", "Print Notice to data subjects (Art. 34)")]
    public async Task Each_draft_prints_to_a_pdf_with_every_section_the_reference_and_page_numbers_and_no_navigation(string kind, string link)
    {
        var client = fixture.Service.Client();
        // A long description, so that the draft runs over more than one page and the margins repeat.
        var incident = await client.ReportedIncident(new
        {
            title = $"Stolen laptop {Guid.NewGuid():N}",
            description = string.Join(' ', Enumerable.Repeat("A laptop holding an unencrypted export of the payroll was taken from a car.", 30)),
            discoveredAt = Iso(HoursAgo(2)),
            occurredAt = Iso(HoursAgo(3)),
            occurredAtIsEstimate = true,
            source = "staff",
            systems = new[] { "payroll" },
        });
        var id = incident["id"]!.GetValue<string>();
        var reference = incident["reference"]!.GetValue<string>();
        var sections = (await (await fixture.Service.GetDraft(id, kind, "application/json")).ExpectJson(HttpStatusCode.OK))["sections"]!.AsArray();

        var page = await fixture.Browser.SignedInPage(fixture.Service, "dev-dpo");
        await page.GotoAsync($"/#/incidents/{id}");
        // The way a person gets there: the link beside the draft on the incident page.
        await page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"#/incidents/{id}/drafts/{kind}$"), new() { Timeout = Wait });
        await Expect(page.Locator("#draft h1")).ToContainTextAsync(reference, new() { Timeout = Wait });
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Print or save as PDF" })).ToBeVisibleAsync(new() { Timeout = Wait });

        var pdf = await PrintedPdf.PrintAsync(page);

        Assert.True(pdf.Pages.Count >= 2, $"Expected the long draft over several pages, got {pdf.Pages.Count}:\n{pdf.RawText}");
        foreach (var section in sections)
        {
            var heading = PlainText(section!["heading"]!.GetValue<string>());
            Assert.True(pdf.Holds(heading), $"The heading \"{heading}\" is not in the PDF's text:\n{pdf.RawText}");
            var start = BodyStart(section["body"]!.GetValue<string>());
            Assert.True(pdf.Holds(start), $"The section \"{heading}\" starting \"{start}\" is not in the PDF's text:\n{pdf.RawText}");
        }
        for (var number = 1; number <= pdf.Pages.Count; number++)
        {
            var text = pdf.Pages[number - 1];
            Assert.Contains(reference, text);
            Assert.Contains($"Page {number} of {pdf.Pages.Count}", text);
        }
        foreach (var navigation in NavigationText) Assert.DoesNotContain(navigation, pdf.Text);

        // The screen is the dashboard again after printing: the print media was only for the PDF.
        await Expect(page.Locator(".top nav")).ToBeVisibleAsync(new() { Timeout = Wait });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_printed_page_for_an_unknown_kind_of_draft_says_so_instead_of_an_empty_page()
    {
        var incident = await fixture.Service.Client().ReportedIncident(ReportBody());
        var page = await fixture.Browser.SignedInPage(fixture.Service, "dev-dpo");
        await page.GotoAsync($"/#/incidents/{incident["id"]}/drafts/press-release");
        await Expect(page.Locator("main [role=alert]")).ToBeVisibleAsync(new() { Timeout = Wait });
        await Expect(page.Locator("#draft")).ToHaveCountAsync(0, new() { Timeout = Wait });
        await page.Context.CloseAsync();
    }

    /// <summary>The first words of a section's Markdown body, as they read on paper: list, quote and emphasis marks gone.</summary>
    private static string BodyStart(string markdown)
    {
        var line = markdown.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        var words = PrintedPdf.Fold(PlainText(Regex.Replace(line, @"^([-*>]|\d+\.)\s+", ""))).Split(' ');
        return string.Join(' ', words.Take(6));
    }

    /// <summary>Markdown inline marks and backslash escapes removed.</summary>
    private static string PlainText(string markdown) =>
        PrintedPdf.Fold(Regex.Replace(markdown.Replace("**", "").Replace("`", ""), @"\\(.)", "$1"));
}
