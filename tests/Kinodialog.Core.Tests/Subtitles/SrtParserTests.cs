using Kinodialog.Core.Subtitles;

namespace Kinodialog.Core.Tests.Subtitles;

public sealed class SrtParserTests
{
    private static SubtitleParseResult Parse(params string[] lines) => SrtParser.Parse(string.Join('\n', lines));

    [Fact]
    public void A_well_formed_file_with_comma_decimals_gives_its_cues_without_issues()
    {
        var result = Parse(
            "1", "00:00:01,000 --> 00:00:04,500", "Never drink liquid nitrogen.", "",
            "2", "00:00:05,250 --> 00:00:09,000", "— It will perforate your stomach.", "— You could die.", "");
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.False(result.IsRejected);
        var cues = result.Document.Cues;
        Assert.Equal(2, cues.Count);
        Assert.Equal((1.0, 4.5, "Never drink liquid nitrogen.", 1), (cues[0].StartTime, cues[0].EndTime, cues[0].Text, cues[0].LineNumber));
        Assert.Equal((5.25, 9.0, "— It will perforate your stomach.\n— You could die.", 5), (cues[1].StartTime, cues[1].EndTime, cues[1].Text, cues[1].LineNumber));
        Assert.All(cues, c => Assert.Equal("", c.Id));
    }

    [Theory]
    [InlineData("00:00:01.000 --> 00:00:02.000", 1.0, 2.0)]
    [InlineData("0:00:01,5 --> 0:00:02,25", 1.5, 2.25)]
    [InlineData("00:01,000 --> 00:02,000", 1.0, 2.0)]
    [InlineData("01:02:03,004-->01:02:04,000", 3723.004, 3724.0)]
    [InlineData("00:00:01 --> 00:00:02", 1.0, 2.0)]
    [InlineData("100:00:00,000 --> 100:00:01,000", 360000.0, 360001.0)]
    [InlineData("00:00:01,000 --> 00:00:02,000 X1:100 X2:200 Y1:10 Y2:20", 1.0, 2.0)]
    public void Timings_accept_comma_or_dot_decimals_and_common_variations(string timing, double start, double end)
    {
        var cue = Assert.Single(Parse("1", timing, "text").Document.Cues);
        Assert.Equal(start, cue.StartTime, 9);
        Assert.Equal(end, cue.EndTime, 9);
    }

    [Fact]
    public void Cues_without_indices_are_read_with_one_warning_for_the_file()
    {
        var result = Parse("00:00:01,000 --> 00:00:02,000", "one", "", "00:00:03,000 --> 00:00:04,000", "two");
        Assert.Equal(["one", "two"], result.Document.Cues.Select(c => c.Text));
        Assert.Equal([1, 4], result.Document.Cues.Select(c => c.LineNumber));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal((SubtitleIssueCodes.SrtIndexMissing, 1), (warning.Code, warning.Line));
        Assert.Equal(["2", "1"], warning.Arguments);
    }

    [Fact]
    public void Wrong_indices_are_warnings_and_numbering_continues_from_the_one_found()
    {
        var result = Parse("1", "00:00:01,000 --> 00:00:02,000", "one", "", "5", "00:00:03,000 --> 00:00:04,000", "two", "", "6", "00:00:05,000 --> 00:00:06,000", "three");
        Assert.Equal(3, result.Document.Cues.Count);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal((SubtitleIssueCodes.SrtIndexUnexpected, 5), (warning.Code, warning.Line));
        Assert.Equal(["5", "2", "5"], warning.Arguments);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    [InlineData("\n")]
    public void Any_line_ending_works(string newline)
    {
        var text = string.Join(newline, "1", "00:00:01,000 --> 00:00:02,000", "a", "b", "", "2", "00:00:03,000 --> 00:00:04,000", "c", "");
        var cues = SrtParser.Parse(text).Document.Cues;
        Assert.Equal(["a\nb", "c"], cues.Select(c => c.Text));
        Assert.Equal([1, 6], cues.Select(c => c.LineNumber));
    }

    [Fact]
    public void A_BOM_and_blank_lines_with_spaces_and_extra_blank_lines_are_tolerated()
    {
        var result = SrtParser.Parse("\uFEFF\n\n1\n00:00:01,000 --> 00:00:02,000\nHi\n  \n\n\n2\n00:00:03,000 --> 00:00:04,000\nthere\n\n\n");
        Assert.Equal(["Hi", "there"], result.Document.Cues.Select(c => c.Text));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_missing_blank_line_between_cues_is_noticed()
    {
        var result = Parse("1", "00:00:01,000 --> 00:00:02,000", "one", "2", "00:00:03,000 --> 00:00:04,000", "two");
        Assert.Equal(["one", "two"], result.Document.Cues.Select(c => c.Text));
        Assert.Equal(4, Assert.Single(result.Warnings, w => w.Code == SubtitleIssueCodes.SrtMissingBlankLine).Line);
    }

    [Fact]
    public void Text_after_a_blank_line_inside_a_cue_is_joined_to_that_cue()
    {
        var result = Parse("1", "00:00:01,000 --> 00:00:02,000", "one", "", "still one", "", "2", "00:00:03,000 --> 00:00:04,000", "two");
        Assert.Equal(["one\nstill one", "two"], result.Document.Cues.Select(c => c.Text));
        Assert.Equal(5, Assert.Single(result.Warnings, w => w.Code == SubtitleIssueCodes.SrtBlankLineInText).Line);
    }

    [Fact]
    public void A_malformed_timing_skips_that_cue_with_an_error_and_keeps_the_rest()
    {
        var result = Parse("1", "00:00:01,000 --> 00:00:02,000", "one", "", "2", "00:00:03,000 --> 00:00:xx", "lost", "", "3", "00:00:05,000 --> 00:00:06,000", "three");
        Assert.Equal(["one", "three"], result.Document.Cues.Select(c => c.Text));
        var error = Assert.Single(result.Errors);
        Assert.Equal((SubtitleIssueCodes.TimingMalformed, 6), (error.Code, error.Line));
        Assert.Contains("end time", error.Message, StringComparison.Ordinal);
        Assert.False(result.IsRejected);
    }

    [Fact]
    public void Minutes_or_seconds_above_59_are_malformed()
    {
        var result = Parse("1", "00:00:61,000 --> 00:01:02,000", "x");
        Assert.Empty(result.Document.Cues);
        Assert.Contains("59", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Italic_bold_and_underline_become_WebVTT_tags_in_lower_case()
    {
        var cue = Assert.Single(Parse("1", "00:00:01,000 --> 00:00:02,000", "<i>Ital</i> <B>bold</B> <u >under</u>").Document.Cues);
        Assert.Equal("<i>Ital</i> <b>bold</b> <u>under</u>", cue.Text);
    }

    [Fact]
    public void Font_and_unknown_tags_and_ASS_overrides_are_dropped_with_one_warning_each()
    {
        var result = Parse(
            "1", "00:00:01,000 --> 00:00:02,000", "{\\an8}<font color=\"#ff0000\">Red</font> <s>struck</s>", "",
            "2", "00:00:03,000 --> 00:00:04,000", "<font face=\"Arial\">again</font>{\\an8}");
        Assert.Equal(["Red struck", "again"], result.Document.Cues.Select(c => c.Text));
        var dropped = result.Warnings.Where(w => w.Code == SubtitleIssueCodes.SrtTagDropped).ToList();
        Assert.Equal(["{\\an8}", "<font>", "<s>"], dropped.Select(w => w.Arguments[1]));
        Assert.All(dropped, w => Assert.Equal(3, w.Line));
    }

    [Fact]
    public void A_line_holding_only_a_dropped_tag_disappears_instead_of_ending_the_cue()
    {
        var cue = Assert.Single(Parse("1", "00:00:01,000 --> 00:00:02,000", "{\\an8}", "top text").Document.Cues);
        Assert.Equal("top text", cue.Text);
    }

    [Fact]
    public void Ampersands_and_stray_angle_brackets_are_escaped_so_WebVTT_shows_them()
    {
        var cue = Assert.Single(Parse("1", "00:00:01,000 --> 00:00:02,000", "Tom & Jerry: 1 < 2 > 0 -->", "a <3 b").Document.Cues);
        Assert.Equal("Tom &amp; Jerry: 1 &lt; 2 &gt; 0 --&gt;\na &lt;3 b", cue.Text);
        Assert.Equal("Tom & Jerry: 1 < 2 > 0 -->\na <3 b", WebVttCueText.Parse(cue.Text).ToPlainText());
    }

    [Fact]
    public void A_br_tag_becomes_a_line_break()
    {
        Assert.Equal("one\ntwo", Assert.Single(Parse("1", "00:00:01,000 --> 00:00:02,000", "one<br/>two").Document.Cues).Text);
    }

    [Fact]
    public void Text_with_no_cue_before_it_is_ignored_with_a_warning()
    {
        var result = Parse("Subtitles by someone", "", "1", "00:00:01,000 --> 00:00:02,000", "Hi");
        Assert.Single(result.Document.Cues);
        Assert.Equal(1, Assert.Single(result.Warnings, w => w.Code == SubtitleIssueCodes.BlockIgnored).Line);
    }

    [Fact]
    public void A_number_as_subtitle_text_is_text_not_an_index()
    {
        var cue = Assert.Single(Parse("1", "00:00:01,000 --> 00:00:02,000", "42").Document.Cues);
        Assert.Equal("42", cue.Text);
    }

    [Fact]
    public void A_cue_ending_before_it_starts_is_kept_with_a_warning()
    {
        var result = Parse("1", "00:00:05,000 --> 00:00:04,000", "x");
        Assert.Single(result.Document.Cues);
        Assert.Single(result.Warnings, w => w.Code == SubtitleIssueCodes.CueEndBeforeStart);
    }

    [Fact]
    public void NUL_characters_become_replacement_characters()
    {
        Assert.Equal("a\uFFFDb", Assert.Single(SrtParser.Parse("1\n00:00:01,000 --> 00:00:02,000\na\0b").Document.Cues).Text);
    }
}

public sealed class SubtitleFormatTests
{
    [Theory]
    [InlineData("WEBVTT\n\n00:01.000 --> 00:02.000\nHi", SubtitleFormatKind.WebVtt)]
    [InlineData("\uFEFFWEBVTT", SubtitleFormatKind.WebVtt)]
    [InlineData("WEBVTT - title\r\n", SubtitleFormatKind.WebVtt)]
    [InlineData("1\r\n00:00:01,000 --> 00:00:02,000\r\nHi", SubtitleFormatKind.Srt)]
    [InlineData("\n\n  12 \n00:00:01,000 --> 00:00:02,000\nHi", SubtitleFormatKind.Srt)]
    [InlineData("00:00:01,000 --> 00:00:02,000\nHi", SubtitleFormatKind.Srt)]
    [InlineData("00:01.000 --> 00:02.000\nA WebVTT body without its header", SubtitleFormatKind.Srt)]
    [InlineData("webvtt\n\n00:01.000 --> 00:02.000\nHi", SubtitleFormatKind.Unknown)]
    [InlineData("WEBVTTX", SubtitleFormatKind.Unknown)]
    [InlineData("[Script Info]\nTitle: ASS file", SubtitleFormatKind.Unknown)]
    [InlineData("", SubtitleFormatKind.Unknown)]
    [InlineData("1\nnot a timing", SubtitleFormatKind.Unknown)]
    public void Detect_recognises_WebVTT_and_SRT(string text, SubtitleFormatKind expected) =>
        Assert.Equal(expected, SubtitleFormat.Detect(text));

    [Fact]
    public void Parse_uses_the_SRT_parser_for_SRT()
    {
        var result = SubtitleFormat.Parse("1\n00:00:01,000 --> 00:00:02,000\n<i>Hi</i>");
        Assert.Equal("<i>Hi</i>", Assert.Single(result.Document.Cues).Text);
    }

    [Fact]
    public void Parse_rejects_unknown_text_with_the_signature_reason()
    {
        var result = SubtitleFormat.Parse("[Script Info]\nTitle: ASS file");
        Assert.True(result.IsRejected);
        Assert.Equal(SubtitleIssueCodes.SignatureMissing, Assert.Single(result.Errors).Code);
    }
}
