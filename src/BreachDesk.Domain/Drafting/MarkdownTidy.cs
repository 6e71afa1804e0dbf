using System.Text;

namespace BreachDesk.Drafting;

/// <summary>
/// Evens out what Liquid's tags leave behind (trailing spaces, runs of blank lines), so templates can be laid out
/// for people to read and the drafts still come out clean and stable.
/// </summary>
public static class MarkdownTidy
{
    public static string Tidy(string rendered)
    {
        var result = new StringBuilder(rendered.Length);
        var blankLines = 0;
        foreach (var raw in rendered.Replace("\r\n", "\n").Split('\n'))
        {
            // Two trailing spaces are a Markdown hard line break (see MarkdownText): keep exactly those.
            var line = raw.EndsWith("  ", StringComparison.Ordinal) && raw.Trim().Length > 0 ? raw.TrimEnd() + "  " : raw.TrimEnd();
            if (line.Length == 0)
            {
                if (result.Length > 0) blankLines++;
                continue;
            }
            // Lines that Liquid tags between two list items left empty would make a loose list: drop them.
            if (blankLines > 0 && result.Length > 0 && !(IsListItem(line) && LastLineIsListItem(result))) result.Append('\n');
            blankLines = 0;
            result.Append(line).Append('\n');
        }
        return result.ToString();
    }

    private static bool IsListItem(string line) => line.StartsWith("- ", StringComparison.Ordinal);

    private static bool LastLineIsListItem(StringBuilder text)
    {
        var end = text.Length - 1; // the '\n' ending the last line
        var start = end;
        while (start > 0 && text[start - 1] != '\n') start--;
        return end - start >= 2 && text[start] == '-' && text[start + 1] == ' ';
    }
}
