using FsCheck;
using FsCheck.Fluent;
using Kinodialog.Core.Handbook;

namespace Kinodialog.Core.Tests.Handbook;

public sealed class MarkdownGuardTests
{
    private const string Ordinary = """
        # Ground rules

        Speak for *yourself*, not for [your community](/en/handbook/communities "Communities").
        > A quotation
        > > inside a quotation

        | Time | What |
        |-----:|------|
        | 19:00 | [Film](https://example.org/film) |

        ```json
        { "a": [[[1]]], "b": "[x](" }
        ```
        """;

    [Fact]
    public void Ordinary_markdown_is_left_exactly_as_it_is()
    {
        Assert.Equal(Ordinary, MarkdownGuard.Prepare(Ordinary));
        Assert.Equal(Ordinary.Replace("\n", "\r\n", StringComparison.Ordinal), MarkdownGuard.Prepare(Ordinary.Replace("\n", "\r\n", StringComparison.Ordinal)));
    }

    [Fact]
    public void Blockquote_markers_beyond_the_limit_are_dropped()
    {
        var prepared = MarkdownGuard.Prepare(new string('>', 200) + " deep\n> > shallow\n");
        Assert.Equal(new string('>', MarkdownGuard.MaxBlockquoteDepth) + " deep\n> > shallow\n", prepared);
    }

    [Fact]
    public void Blockquote_markers_with_spaces_between_them_are_counted_too()
    {
        var prepared = MarkdownGuard.Prepare(string.Concat(Enumerable.Repeat("> ", 100)) + "x");
        Assert.Equal(string.Concat(Enumerable.Repeat("> ", MarkdownGuard.MaxBlockquoteDepth)) + "x", prepared);
    }

    [Fact]
    public void A_run_without_white_space_longer_than_the_limit_gets_a_space_every_limit_characters()
    {
        var prepared = MarkdownGuard.Prepare("see " + string.Concat(Enumerable.Repeat("www.a(", 8_000)));
        var runs = prepared.Split(' ');
        Assert.Equal(1 + (48_000 / MarkdownGuard.MaxRunLength), runs.Length);
        Assert.All(runs, run => Assert.InRange(run.Length, 1, MarkdownGuard.MaxRunLength));
        Assert.Equal("see" + string.Concat(Enumerable.Repeat("www.a(", 8_000)), prepared.Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public void A_block_with_more_brackets_than_the_limit_has_every_unescaped_bracket_escaped()
    {
        var block = "x \\[ " + string.Concat(Enumerable.Repeat("[a](b ( ", MarkdownGuard.MaxBracketsPerBlock));
        var prepared = MarkdownGuard.Prepare(block + "\n\n[kept](/en)\n");
        Assert.Equal("x \\[ " + string.Concat(Enumerable.Repeat("\\[a](b ( ", MarkdownGuard.MaxBracketsPerBlock)) + "\n\n[kept](/en)\n", prepared);
    }

    [Fact]
    public void A_block_with_as_many_brackets_as_the_limit_is_left_alone()
    {
        var block = string.Concat(Enumerable.Repeat("[a](b) ", MarkdownGuard.MaxBracketsPerBlock - 1)) + "\\\\[c]";
        Assert.Equal(block, MarkdownGuard.Prepare(block));
    }

    [Fact]
    public void Fenced_code_is_copied_unchanged()
    {
        var code = "~~~\n" + new string('>', 100) + " " + new string('x', 5_000) + " " + string.Concat(Enumerable.Repeat("[", 500)) + "\n~~~\n";
        Assert.Equal(code, MarkdownGuard.Prepare(code));
    }

    [Fact]
    public void A_backtick_line_with_a_backtick_after_it_is_not_a_fence_and_the_text_after_it_is_still_guarded()
    {
        var prepared = MarkdownGuard.Prepare("```a`\n" + new string('>', 100) + " x");
        Assert.Equal("```a`\n" + new string('>', MarkdownGuard.MaxBlockquoteDepth) + " x", prepared);
    }

    [Fact]
    public void Preparing_twice_changes_nothing_more() =>
        Prop.ForAll<string>(s =>
        {
            var once = MarkdownGuard.Prepare(s ?? "");
            return once == MarkdownGuard.Prepare(once);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Preparing_keeps_every_character_of_text_outside_blockquote_markers() =>
        Prop.ForAll<string>(s =>
        {
            var text = (s ?? "").Replace(">", "", StringComparison.Ordinal);
            var prepared = MarkdownGuard.Prepare(text);
            return prepared.Replace(" ", "", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal)
                == text.Replace(" ", "", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal);
        }).QuickCheckThrowOnFailure();

    [Theory]
    [InlineData("# One\n## Two\ntext\n", 2)]
    [InlineData("Title\n=====\nSub\n---  \r\ntext", 2)]
    [InlineData("> # quoted\n- # listed\n> Setext\n> ==", 3)]
    [InlineData("| a | b |\n|---|---|\n| c | d |\n- item\n", 0)]
    [InlineData("", 0)]
    public void Heading_candidates_count_every_line_that_can_make_a_heading(string markdown, int expected) =>
        Assert.Equal(expected, MarkdownGuard.CountHeadingCandidates(markdown));
}
