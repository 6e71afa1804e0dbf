namespace BreachDesk.Drafting;

public sealed record DraftSection(string Heading, string Body);

public sealed record SplitDraft(string Title, IReadOnlyList<DraftSection> Sections);

/// <summary>
/// Splits a rendered draft at its "## " headings. The "# " line is the title; any text before the first
/// section is kept as a section headed by the title, so nothing of the draft is lost. Incident text cannot
/// start a heading (<see cref="MarkdownText"/>), so every section comes from the template.
/// </summary>
public static class DraftSections
{
    public static SplitDraft Split(string markdown)
    {
        var title = "";
        var sections = new List<DraftSection>();
        string? heading = null;
        var body = new List<string>();

        void Flush()
        {
            var text = string.Join('\n', body).Trim('\n', ' ');
            if (heading is not null || text.Length > 0) sections.Add(new DraftSection(heading ?? title, text));
            body.Clear();
        }

        foreach (var line in markdown.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Flush();
                heading = line[3..].Trim();
            }
            else if (line.StartsWith("# ", StringComparison.Ordinal) && title.Length == 0 && heading is null && body.Count == 0)
            {
                title = line[2..].Trim();
            }
            else
            {
                body.Add(line);
            }
        }
        Flush();
        return new SplitDraft(title, sections);
    }
}
