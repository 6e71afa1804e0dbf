using System.Text;
using System.Text.RegularExpressions;

namespace BreachDesk.Drafting;

/// <summary>
/// Makes text that people typed (titles, descriptions, actions) appear as literal text inside a Markdown draft:
/// it cannot open a heading (which would forge a section), a link, an image, emphasis, code or raw HTML, and
/// so cannot inject anything into the HTML made from the draft either.
/// </summary>
public static partial class MarkdownText
{
    private const string InlineSpecials = "\\`*_[]<>|~";

    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Trim().Split('\n');
        var result = new StringBuilder(text.Length + 16);
        for (var i = 0; i < lines.Length; i++)
        {
            // Indentation would make a code block; a blank line would end the list item the text may sit in.
            var line = lines[i].Trim();
            if (line.Length == 0) continue;
            if (result.Length > 0) result.Append("  \n"); // a hard line break keeps the writer's lines
            result.Append(EscapeLine(line));
        }
        return result.ToString();
    }

    private static string EscapeLine(string line)
    {
        var escaped = new StringBuilder(line.Length + 8);
        foreach (var c in line)
        {
            if (InlineSpecials.Contains(c)) escaped.Append('\\');
            escaped.Append(c);
        }
        var text = escaped.ToString();
        // What only means something at the start of a line: headings, quotes, list items, setext underlines.
        if (text[0] is '#' or '=' or '-' or '+') return "\\" + text;
        var ordered = OrderedListStart().Match(text);
        return ordered.Success ? text.Insert(ordered.Groups[1].Length, "\\") : text;
    }

    [GeneratedRegex(@"^(\d+)[.)](\s|$)")]
    private static partial Regex OrderedListStart();
}
