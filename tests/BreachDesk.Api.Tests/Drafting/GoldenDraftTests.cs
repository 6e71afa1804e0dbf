using System.Runtime.CompilerServices;

namespace BreachDesk.Tests.Drafting;

/// <summary>
/// The three drafts of four typical breaches, compared with reviewed files under Expected/. Only line endings are
/// normalised. After a deliberate change of a template, regenerate with BREACHDESK_UPDATE_DRAFTS=1, then read
/// every changed file as the DPO would before committing it.
/// </summary>
[Collection("drafting")]
public class GoldenDraftTests(DraftingFixture fixture)
{
    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var incident in new[] { "lost-laptop", "misdirected-email", "ransomware", "credential-stuffing" })
        foreach (var kind in DraftApi.Kinds)
            cases.Add(incident, kind);
        return cases;
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task The_draft_matches_its_reviewed_expected_file(string incident, string kind)
    {
        var actual = Lf(await fixture.Service.Markdown(fixture.Golden[incident], kind));
        var file = Path.Combine(ExpectedFolder(), $"{incident}.{kind}.md");

        if (Environment.GetEnvironmentVariable("BREACHDESK_UPDATE_DRAFTS") == "1") await File.WriteAllTextAsync(file, actual);

        Assert.True(File.Exists(file), $"No expected file {file}; generate it with BREACHDESK_UPDATE_DRAFTS=1 and review it.");
        Assert.Equal(Lf(await File.ReadAllTextAsync(file)), actual);
    }

    private static string Lf(string text) => text.Replace("\r\n", "\n");

    private static string ExpectedFolder([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "Expected");
}
