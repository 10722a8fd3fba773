using Kinodialog.Core.Subtitles;

namespace Kinodialog.Core.Tests.Subtitles;

/// <summary>
/// Issue 14: a cue of &lt;b&gt; nested 50,000 deep (150 KB, under the upload limit) overflowed the stack in the
/// cue-text walk and killed the whole process. Before the fix these tests crash the test host.
/// </summary>
public sealed class DeepCueTextTests
{
    private static string Nested(string tag, int depth, string inner) =>
        string.Concat(Enumerable.Repeat($"<{tag}>", depth)) + inner + string.Concat(Enumerable.Repeat($"</{tag}>", depth));

    [Theory]
    [InlineData(50_000)]
    [InlineData(200_000)]
    public void Cue_text_nested_deep_gives_plain_text_without_recursion(int depth)
    {
        var parsed = WebVttCueText.Parse(Nested("b", depth, "deep"));
        Assert.Equal("deep", parsed.ToPlainText());
        Assert.Equal(depth, parsed.Depth);
    }

    [Fact]
    public void Cue_text_left_open_200000_deep_gives_plain_text_without_recursion()
    {
        var text = string.Concat(Enumerable.Repeat("<i.c>x", 200_000));
        Assert.Equal(new string('x', 200_000), WebVttCueText.Parse(text).ToPlainText());
    }

    [Fact]
    public void Ruby_text_nested_50000_deep_is_left_out_of_the_plain_text()
    {
        var text = "<ruby>base<rt>" + Nested("i", 50_000, "hidden") + "</rt></ruby> after";
        Assert.Equal("base after", WebVttCueText.Parse(text).ToPlainText());
    }

    [Fact]
    public void Walking_a_tree_nested_200000_deep_visits_every_node_in_document_order()
    {
        var parsed = WebVttCueText.Parse("a" + Nested("u", 200_000, "b") + "c");
        var texts = WebVttCueText.Walk(parsed.Nodes).OfType<WebVttTextNode>().Select(t => t.Value);
        Assert.Equal(["a", "b", "c"], texts);
        Assert.Equal(200_000 + 3, WebVttCueText.Walk(parsed.Nodes).Count());
    }

    [Theory]
    [InlineData(50_000)]
    [InlineData(200_000)]
    public void The_checker_reads_a_cue_nested_deep_without_crashing(int depth)
    {
        var cue = new SubtitleCue { StartTime = 1, EndTime = 2, Text = Nested("b", depth, new string('x', 50)), LineNumber = 3 };
        var warnings = SubtitleChecker.Check([cue]);
        Assert.Contains(warnings, w => w.Code == SubtitleIssueCodes.CueLineTooLong && w.Line == 3);
        Assert.Contains(warnings, w => w.Code == SubtitleIssueCodes.CueReadingSpeed && w.Arguments[1] == "50");
    }

    [Fact]
    public void A_file_with_a_cue_nested_50000_deep_gives_a_report()
    {
        var json = SubtitleReport.FromText("WEBVTT\n\n00:01.000 --> 00:02.000\n" + Nested("b", 50_000, "deep") + "\n").ToJson();
        Assert.Contains("deep", json, StringComparison.Ordinal);
    }

    [Fact]
    public void An_srt_cue_followed_by_50000_blank_line_separated_lines_keeps_them_all_in_one_pass()
    {
        // Found by bench/parsers: each joined line used to copy the cue's whole text again (256 KB took 8 s).
        var result = SrtParser.Parse("1\n00:00:01,000 --> 00:00:02,000\nx\n\n" + string.Concat(Enumerable.Repeat("y\n\n", 50_000)) + "2\n00:00:03,000 --> 00:00:04,000\nz\n");
        Assert.Equal(2, result.Document.Cues.Count);
        Assert.Equal("x" + string.Concat(Enumerable.Repeat("\ny", 50_000)), result.Document.Cues[0].Text);
        Assert.Equal("z", result.Document.Cues[1].Text);
        Assert.Equal(50_000, result.Warnings.Count(w => w.Code == SubtitleIssueCodes.SrtBlankLineInText));
    }

    [Fact]
    public void An_srt_cue_with_empty_text_joined_to_later_lines_starts_without_a_line_break()
    {
        var result = SrtParser.Parse("1\n00:00:01,000 --> 00:00:02,000\n<font>\n\na\n\nb\n");
        Assert.Equal("a\nb", Assert.Single(result.Document.Cues).Text);
    }

    [Fact]
    public void An_srt_line_of_200000_unclosed_overrides_is_read_in_one_pass()
    {
        // Found by bench/parsers: each "{\\" searched the rest of the line for its '}' (1 MB took 10 s).
        var unclosed = SrtParser.Parse("1\n00:00:01,000 --> 00:00:02,000\n" + string.Concat(Enumerable.Repeat("{\\", 200_000)) + "end\n");
        Assert.Equal(string.Concat(Enumerable.Repeat("{\\", 200_000)) + "end", Assert.Single(unclosed.Document.Cues).Text);
    }
}
