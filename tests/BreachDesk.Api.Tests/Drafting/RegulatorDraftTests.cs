using BreachDesk.Tests.Support;
using static BreachDesk.Tests.Support.IncidentApi;

namespace BreachDesk.Tests.Drafting;

/// <summary>The regulator draft answers every item of Art. 33(3), with what is unknown marked "To follow" (Art. 33(4)).</summary>
[Collection("drafting")]
public class RegulatorDraftTests(DraftingFixture fixture)
{
    private const string ToFollow = "To follow (Art. 33(4))";

    // Art. 33(3): (a) nature, categories and numbers of people and records; (b) DPO contact; (c) likely consequences;
    // (d) measures taken or proposed. Each is a section of the draft, found by its article.
    private static readonly (string Section, string Item)[] Items =
    [
        ("Art. 33(3)(a)", "What happened"),
        ("Art. 33(3)(a)", "categories of data subjects"),
        ("Art. 33(3)(a)", "number of data subjects"),
        ("Art. 33(3)(a)", "number of personal data records"),
        ("Art. 33(3)(b)", "Data Protection Officer: Alex Morgan"),
        ("Art. 33(3)(b)", "dpo@northwind.example"),
        ("Art. 33(3)(c)", "Likely consequences"),
        ("Art. 33(3)(c)", "How likely"),
        ("Art. 33(3)(d)", "Taken so far"),
        ("Art. 33(3)(d)", "Proposed"),
    ];

    [Fact]
    public async Task An_incident_without_an_impact_assessment_has_every_item_with_the_unknown_ones_to_follow()
    {
        var incident = await IncidentClient.Reported(fixture.Service, new
        {
            title = "Unknown access to the CRM", description = "An unknown user exported records from the CRM.",
            discoveredAt = Iso(DraftScenarios.Now.AddHours(-2)), source = "automated",
        });
        var drafts = await fixture.Service.CurrentDrafts(incident.Id);
        var sections = SectionsOf(drafts["regulator"]);

        AssertEveryItemIsPresent(sections);
        Assert.Contains(ToFollow, Section(sections, "categories and approximate number of records"));
        Assert.Contains($"Categories of data subjects: {ToFollow}", Section(sections, "number of data subjects"));
        Assert.Contains($"Approximate number of data subjects: {ToFollow}", Section(sections, "number of data subjects"));
        Assert.Contains($"Likely consequences: {ToFollow}", Section(sections, "Art. 33(3)(c)"));
        Assert.Contains($"How likely: {ToFollow}", Section(sections, "Art. 33(3)(c)"));
        Assert.Contains($"How it occurred: {ToFollow}", Section(sections, "What happened"));
        Assert.Contains(ToFollow, Section(sections, "cyber incident"));
        Assert.Contains("Initial report", Section(sections, "Type of report"));
        Assert.NotEmpty(Section(sections, "Still to follow"));
    }

    [Fact]
    public async Task A_complete_incident_fills_every_item_and_gives_the_reasons_for_its_late_report()
    {
        var now = DraftScenarios.Now;
        var incident = await IncidentClient.Reported(fixture.Service, new
        {
            title = "Web shop database copied", description = "An attacker used an SQL injection flaw to copy the web shop's order table.",
            discoveredAt = Iso(now.AddDays(-5)), occurredAt = Iso(now.AddDays(-6)), source = "automated", systems = new[] { "web shop" },
        });
        await incident.Do("dpo-notification", new { notifiedAt = Iso(now.AddDays(-5).AddHours(1)), channel = "e-mail", howItOccurred = "SQL injection in the search page.", likelyImpact = "Fraud." }, "dev-reporter");
        await incident.Do("containment", new { action = "Took the search page offline.", takenAt = Iso(now.AddDays(-5).AddHours(2)) }, "dev-oncall");
        await incident.Do("impact", new
        {
            breachTypes = new[] { "confidentiality", "integrity" }, dataCategories = new[] { "contact", "financial" },
            approxDataSubjects = 5000, approxRecords = 12000, subjectGroups = new[] { "customers" },
            maliciousIntent = true, identifiability = "maximum", likelyConsequences = "Card fraud and phishing.", countries = new[] { "GB" },
        }, "dev-reporter");
        await incident.Do("risk-assessment", new { level = "high", rationale = "Card data in criminal hands." });
        await incident.Do("regulator-notification", new { submittedAt = Iso(now.AddDays(-1)), reference = "IC-1", lateReason = "The copy was found in a later log review." });
        await incident.Do("data-subject-notification", new { sentAt = Iso(now.AddHours(-20)), channel = "e-mail", recipients = 5000 });
        await incident.Do("close", new { outcome = "Contained and reported.", lessonsLearned = "Parameterised every query; added a web application firewall." });

        var drafts = await fixture.Service.CurrentDrafts(incident.Id);
        var sections = SectionsOf(drafts["regulator"]);

        AssertEveryItemIsPresent(sections);
        Assert.DoesNotContain(ToFollow, string.Join('\n', sections.Skip(1).Select(s => s.Body))); // the first is the introduction, which explains the mark
        Assert.Contains("5,000", Section(sections, "number of data subjects"));
        Assert.Contains("12,000", Section(sections, "number of records"));
        Assert.Contains("Proposed, to prevent a recurrence: Parameterised every query", Section(sections, "Art. 33(3)(d)"));
        Assert.Contains("Reasons for the delay: The copy was found in a later log review.", Section(sections, "Art. 33(1)"));
        Assert.Contains("Follow-up report", Section(sections, "Type of report"));
        Assert.StartsWith("Yes", Section(sections, "cyber incident"));
        Assert.StartsWith("Nothing", Section(sections, "Still to follow"));
    }

    [Fact]
    public async Task The_regulator_draft_names_no_one_but_the_dpo()
    {
        var markdown = await fixture.Service.Markdown(fixture.Golden["ransomware"], "regulator");
        // Actors recorded on the incident (dev-reporter, dev-dpo...) are staff, not facts for the regulator.
        Assert.DoesNotContain("dev-", markdown);
    }

    private static void AssertEveryItemIsPresent(IReadOnlyList<(string Heading, string Body)> sections)
    {
        foreach (var (section, item) in Items)
        {
            var body = Section(sections, section);
            Assert.False(string.IsNullOrWhiteSpace(body), $"The section for {section} is empty.");
            Assert.Contains(item, string.Join('\n', sections.Where(s => s.Heading.Contains(section)).Select(s => s.Heading + "\n" + s.Body)),
                StringComparison.OrdinalIgnoreCase);
        }
        // Nothing is left blank: a line ending in a colon introduces a list, or it is a question left unanswered.
        foreach (var (heading, body) in sections)
        {
            var lines = body.Split('\n').Where(l => l.Trim().Length > 0).ToArray();
            for (var i = 0; i < lines.Length; i++)
                if (lines[i].TrimEnd().EndsWith(':'))
                    Assert.True(i + 1 < lines.Length && lines[i + 1].StartsWith("- "), $"'{lines[i]}' in '{heading}' has no answer.");
        }
    }

    private static IReadOnlyList<(string Heading, string Body)> SectionsOf(System.Text.Json.Nodes.JsonObject draft) =>
        [.. draft["sections"]!.AsArray().Select(s => (s!["heading"]!.GetValue<string>(), s["body"]!.GetValue<string>()))];

    private static string Section(IReadOnlyList<(string Heading, string Body)> sections, string headingPart) =>
        string.Join("\n\n", sections.Where(s => s.Heading.Contains(headingPart, StringComparison.OrdinalIgnoreCase)).Select(s => s.Body));
}
