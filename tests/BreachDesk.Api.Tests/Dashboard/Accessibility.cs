using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace BreachDesk.Tests.Dashboard;

/// <summary>
/// axe-core (Deque's rules, through its .NET binding Deque.AxeCore.Playwright; the issue's @axe-core/playwright is the
/// Node twin of the same engine) run on the page as it stands. Usage, after the page has drawn what it is about:
/// <code>await Accessibility.AssertNoSeriousViolations(page, "incident page, phone");</code>
/// </summary>
public static class Accessibility
{
    /// <summary>The impacts that fail a test; "minor" and "moderate" are reported by axe but left to review.</summary>
    private static readonly HashSet<string> Failing = ["serious", "critical"];

    /// <summary>Fails, listing each rule, its help, and the elements it found, when axe finds a serious or critical violation.</summary>
    public static async Task AssertNoSeriousViolations(IPage page, string where)
    {
        var serious = await SeriousViolations(page);
        Assert.True(serious.Count == 0, $"axe found {serious.Count} serious or critical violation(s) on {where} ({page.Url}):\n" +
            string.Join('\n', serious.Select(Describe)));
    }

    public static async Task<IReadOnlyList<AxeResultItem>> SeriousViolations(IPage page)
    {
        // WCAG 2.2 A and AA and axe's best practices: what a person with a screen reader, a keyboard or low vision meets.
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
        });
        return result.Violations.Where(v => v.Impact is { } impact && Failing.Contains(impact)).ToList();
    }

    private static string Describe(AxeResultItem violation) =>
        $"- {violation.Impact}: {violation.Id}: {violation.Help} ({violation.HelpUrl})\n" +
        string.Join('\n', violation.Nodes.Take(10).Select(n => $"    {n.Target}: {n.Html}\n      " +
            string.Join("; ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message))));
}
