using BreachDesk.Drafting;

namespace BreachDesk.Tests.Drafting;

public class MarkdownTextTests
{
    [Theory]
    [InlineData("Plain words, 42 of them.", "Plain words, 42 of them.")]
    [InlineData("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>")]
    [InlineData("[click](javascript:x)", "\\[click\\](javascript:x)")]
    [InlineData("**bold** and `code` and hr_export.csv", "\\*\\*bold\\*\\* and \\`code\\` and hr\\_export.csv")]
    [InlineData("# not a heading", "\\# not a heading")]
    [InlineData("- not a list", "\\- not a list")]
    [InlineData("1. not a list", "1\\. not a list")]
    [InlineData("Ticket #12", "Ticket #12")]
    public void Typed_text_stays_literal(string typed, string markdown) => Assert.Equal(markdown, MarkdownText.Escape(typed));

    [Fact]
    public void Lines_are_kept_as_hard_breaks_and_none_can_start_a_section_or_a_code_block()
    {
        Assert.Equal("First  \n\\## Forged  \nIndented", MarkdownText.Escape("First\r\n## Forged\n\n    Indented\n"));
    }

    [Fact]
    public void Nothing_is_empty() => Assert.Equal("", MarkdownText.Escape(null));
}

public class DraftSectionsTests
{
    [Fact]
    public void The_title_opens_and_each_second_level_heading_starts_a_section()
    {
        var split = DraftSections.Split("# Title\n\nIntro text.\n\n## One\n\nBody one.\n### Detail\n- item\n\n## Two\n\nBody two.\n");

        Assert.Equal("Title", split.Title);
        Assert.Equal(
            [new DraftSection("Title", "Intro text."), new DraftSection("One", "Body one.\n### Detail\n- item"), new DraftSection("Two", "Body two.")],
            split.Sections);
    }

    [Fact]
    public void Without_an_introduction_the_first_section_is_the_first_heading()
    {
        var split = DraftSections.Split("# T\n## A\nx\r\n");
        Assert.Equal([new DraftSection("A", "x")], split.Sections);
    }
}

public class MarkdownTidyTests
{
    [Fact]
    public void Runs_of_blank_lines_and_trailing_spaces_go_and_list_items_stay_together()
    {
        var rendered = "# T \n\n\n\nText   \nmore\n\n- a\n\n\n- b\n\nEnd";
        Assert.Equal("# T\n\nText  \nmore\n\n- a\n- b\n\nEnd\n", MarkdownTidy.Tidy(rendered));
    }
}
