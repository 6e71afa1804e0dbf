using Markdig;
using System.Text.Encodings.Web;

namespace BreachDesk.Drafting;

/// <summary>A draft as HTML or as JSON sections; Markdown is the draft itself.</summary>
public static class DraftRendering
{
    // No raw HTML passes through: staff text is escaped in the Markdown already, and this stops a template too.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    public static string Html(string markdown)
    {
        var title = DraftSections.Split(markdown).Title;
        // The title is Markdown text (it may hold escapes): render it inline, then take the text alone.
        var plainTitle = Markdown.ToPlainText(title, Pipeline).Trim();
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{HtmlEncoder.Default.Encode(plainTitle)}</title>
            </head>
            <body>
            {Markdown.ToHtml(markdown, Pipeline)}</body>
            </html>

            """;
    }

    public static SplitDraft Sections(string markdown) => DraftSections.Split(markdown);
}
