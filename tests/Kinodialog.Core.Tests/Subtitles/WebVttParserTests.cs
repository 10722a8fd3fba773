using Kinodialog.Core.Subtitles;

namespace Kinodialog.Core.Tests.Subtitles;

public sealed class WebVttParserTests
{
    private static SubtitleParseResult Parse(params string[] lines) => WebVttParser.Parse(string.Join('\n', lines));

    private static SubtitleCue SingleCue(string timingLine)
    {
        var result = Parse("WEBVTT", "", timingLine, "text");
        return Assert.Single(result.Document.Cues);
    }

    private static SubtitleIssue SingleWarning(SubtitleParseResult result, string code) =>
        Assert.Single(result.Warnings, w => w.Code == code);

    // ---- Signature and preprocessing -------------------------------------------------------------

    [Theory]
    [InlineData("WEBVTT")]
    [InlineData("WEBVTT\n")]
    [InlineData("WEBVTT - This file has no cues.")]
    [InlineData("WEBVTT\tKind: captions")]
    [InlineData("\uFEFFWEBVTT")]
    public void A_file_with_the_signature_and_no_cues_is_accepted_and_empty(string text)
    {
        var result = WebVttParser.Parse(text);
        Assert.False(result.IsRejected);
        Assert.Empty(result.Document.Cues);
        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("WEBVT", "WEBVT")]
    [InlineData("webvtt\n\n00:01.000 --> 00:02.000\nHi", "capital letters")]
    [InlineData("WEBVTTX\n\n00:01.000 --> 00:02.000\nHi", "followed by a space")]
    [InlineData("WEBVTT\f\n\n00:01.000 --> 00:02.000\nHi", "followed by a space")]
    [InlineData(" WEBVTT\n", "neither WebVTT")]
    [InlineData("1\n00:00:01,000 --> 00:00:02,000\nHi", "\"1\"")]
    public void A_file_without_the_WEBVTT_signature_is_rejected_with_a_reason(string text, string reasonFragment)
    {
        var result = WebVttParser.Parse(text);
        Assert.True(result.IsRejected);
        Assert.Empty(result.Document.Cues);
        var error = Assert.Single(result.Errors);
        Assert.Equal(SubtitleIssueCodes.SignatureMissing, error.Code);
        Assert.Equal(1, error.Line);
        Assert.Contains(reasonFragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_BOM_before_the_signature_is_ignored()
    {
        var result = WebVttParser.Parse("\uFEFFWEBVTT\n\n00:01.000 --> 00:02.000\nHello");
        Assert.Equal("Hello", Assert.Single(result.Document.Cues).Text);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    [InlineData("\n")]
    public void CRLF_lone_CR_and_LF_line_endings_give_the_same_cues_and_line_numbers(string newline)
    {
        var text = string.Join(newline, "WEBVTT", "", "a", "00:01.000 --> 00:02.000", "one", "two", "", "00:03.000 --> 00:04.000", "three", "");
        var cues = WebVttParser.Parse(text).Document.Cues;
        Assert.Equal(2, cues.Count);
        Assert.Equal(("a", "one\ntwo", 3), (cues[0].Id, cues[0].Text, cues[0].LineNumber));
        Assert.Equal(("", "three", 8), (cues[1].Id, cues[1].Text, cues[1].LineNumber));
    }

    [Fact]
    public void A_CR_at_the_very_end_does_not_leave_a_carriage_return_in_the_text()
    {
        var cue = Assert.Single(WebVttParser.Parse("WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nHi\r").Document.Cues);
        Assert.Equal("Hi", cue.Text);
    }

    [Fact]
    public void NUL_characters_become_replacement_characters()
    {
        var result = WebVttParser.Parse("WEBVTT\n\nid\0\n00:01.000 --> 00:02.000\nA\0B");
        var cue = Assert.Single(result.Document.Cues);
        Assert.Equal("id\uFFFD", cue.Id);
        Assert.Equal("A\uFFFDB", cue.Text);
    }

    [Fact]
    public void A_NUL_in_the_signature_line_after_a_space_is_harmless()
    {
        var result = WebVttParser.Parse("WEBVTT \0\n\n00:01.000 --> 00:02.000\nHi");
        Assert.Single(result.Document.Cues);
    }

    // ---- The spec's examples ----------------------------------------------------------------------

    [Fact]
    public void The_specs_interview_example_gives_thirteen_cues_with_their_settings()
    {
        var text = """
            WEBVTT

            00:11.000 --> 00:13.000
            <v Roger Bingham>We are in New York City

            00:13.000 --> 00:16.000
            <v Roger Bingham>We're actually at the Lucern Hotel, just down the street

            00:16.000 --> 00:18.000
            <v Roger Bingham>from the American Museum of Natural History

            00:18.000 --> 00:20.000
            <v Roger Bingham>And with me is Neil deGrasse Tyson

            00:20.000 --> 00:22.000
            <v Roger Bingham>Astrophysicist, Director of the Hayden Planetarium

            00:22.000 --> 00:24.000
            <v Roger Bingham>at the AMNH.

            00:24.000 --> 00:26.000
            <v Roger Bingham>Thank you for walking down here.

            00:27.000 --> 00:30.000
            <v Roger Bingham>And I want to do a follow-up on the last conversation we did.

            00:30.000 --> 00:31.500 align:right size:50%
            <v Roger Bingham>When we e-mailed—

            00:30.500 --> 00:32.500 align:left size:50%
            <v Neil deGrasse Tyson>Didn't we talk about enough in that conversation?

            00:32.000 --> 00:35.500 align:right size:50%
            <v Roger Bingham>No! No no no no; 'cos 'cos obviously 'cos

            00:32.500 --> 00:33.500 align:left size:50%
            <v Neil deGrasse Tyson><i>Laughs</i>

            00:35.500 --> 00:38.000
            <v Roger Bingham>You know I'm so excited my glasses are falling off here.
            """;
        var result = WebVttParser.Parse(text);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        var cues = result.Document.Cues;
        Assert.Equal(13, cues.Count);
        Assert.Equal((11.0, 13.0), (cues[0].StartTime, cues[0].EndTime));
        Assert.Equal("<v Roger Bingham>We are in New York City", cues[0].Text);
        Assert.Equal((30.0, 31.5, "right", 50.0), (cues[8].StartTime, cues[8].EndTime, cues[8].Align, cues[8].Size));
        Assert.Equal(("left", 50.0), (cues[9].Align, cues[9].Size));
        Assert.Equal("Laughs", WebVttCueText.Parse(cues[11].Text).ToPlainText());
        Assert.Equal(36, cues[11].LineNumber);
        Assert.All(cues.Take(8), c => Assert.Equal(("center", 100.0), (c.Align, c.Size)));
    }

    [Fact]
    public void The_specs_style_example_keeps_both_style_sheets_and_skips_the_notes()
    {
        var text = """
            WEBVTT

            STYLE
            ::cue {
              background-image: linear-gradient(to bottom, dimgray, lightgray);
              color: papayawhip;
            }
            /* Style blocks cannot use blank lines nor "dash dash greater than" */

            NOTE comment blocks can be used between style blocks.

            STYLE
            ::cue(b) {
              color: peachpuff;
            }

            hello
            00:00:00.000 --> 00:00:10.000
            Hello <b>world</b>.

            NOTE style blocks cannot appear after the first cue.
            """;
        var result = WebVttParser.Parse(text);
        Assert.Equal(2, result.Document.Styles.Count);
        Assert.StartsWith("::cue {\n  background-image", result.Document.Styles[0], StringComparison.Ordinal);
        Assert.EndsWith("\"dash dash greater than\" */", result.Document.Styles[0], StringComparison.Ordinal);
        Assert.Equal("::cue(b) {\n  color: peachpuff;\n}", result.Document.Styles[1]);
        var cue = Assert.Single(result.Document.Cues);
        Assert.Equal(("hello", 0.0, 10.0, "Hello <b>world</b>."), (cue.Id, cue.StartTime, cue.EndTime, cue.Text));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void The_specs_region_example_gives_two_regions_and_cues_placed_in_them()
    {
        var text = """
            WEBVTT

            REGION
            id:fred
            width:40%
            lines:3
            regionanchor:0%,100%
            viewportanchor:10%,90%
            scroll:up

            REGION
            id:bill
            width:40%
            lines:3
            regionanchor:100%,100%
            viewportanchor:90%,90%
            scroll:up

            00:00:00.000 --> 00:00:20.000 region:fred align:left
            <v Fred>Hi, my name is Fred

            00:00:02.500 --> 00:00:22.500 region:bill align:right
            <v Bill>Hi, I’m Bill

            00:00:05.000 --> 00:00:25.000 region:fred align:left
            <v Fred>Would you like to get a coffee?
            """;
        var result = WebVttParser.Parse(text);
        Assert.Empty(result.Warnings);
        var regions = result.Document.Regions;
        Assert.Equal(2, regions.Count);
        Assert.Equal(new SubtitleRegion { Id = "fred", Width = 40, Lines = 3, RegionAnchorX = 0, RegionAnchorY = 100, ViewportAnchorX = 10, ViewportAnchorY = 90, Scroll = "up" }, regions[0]);
        Assert.Equal(new SubtitleRegion { Id = "bill", Width = 40, Lines = 3, RegionAnchorX = 100, RegionAnchorY = 100, ViewportAnchorX = 90, ViewportAnchorY = 90, Scroll = "up" }, regions[1]);
        var cues = result.Document.Cues;
        Assert.Equal(["fred", "bill", "fred"], cues.Select(c => c.Region?.Id));
        Assert.Equal(["left", "right", "left"], cues.Select(c => c.Align));
    }

    [Fact]
    public void The_specs_identifier_example_keeps_identifiers_and_decodes_nothing_in_them()
    {
        var text = """
            WEBVTT

            test
            00:00.000 --> 00:02.000
            This is a test.

            123
            00:00.000 --> 00:02.000
            That's an, an, that's an L!

            crédit de transcription
            00:04.000 --> 00:05.000
            Transcrit par Célestes&trade;
            """;
        var cues = WebVttParser.Parse(text).Document.Cues;
        Assert.Equal(["test", "123", "crédit de transcription"], cues.Select(c => c.Id));
        Assert.Equal("Transcrit par Célestes&trade;", cues[2].Text);
        Assert.Equal("Transcrit par Célestes™", WebVttCueText.Parse(cues[2].Text).ToPlainText());
    }

    [Fact]
    public void A_cue_right_after_the_signature_line_without_a_blank_line_is_still_a_cue()
    {
        var cue = Assert.Single(Parse("WEBVTT", "00:01.000 --> 00:02.000", "Hi").Document.Cues);
        Assert.Equal(("Hi", 2), (cue.Text, cue.LineNumber));
    }

    [Fact]
    public void Header_lines_after_the_signature_are_not_cues()
    {
        var result = Parse("WEBVTT", "Kind: captions", "Language: hy", "", "00:01.000 --> 00:02.000", "Բարեւ");
        Assert.Equal("Բարեւ", Assert.Single(result.Document.Cues).Text);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Default_cue_values_mirror_the_browsers_VTTCue()
    {
        var cue = SingleCue("00:01.000 --> 00:02.000");
        Assert.Equal(("", true, (double?)null, "start", (double?)null, "auto", 100.0, "center", (SubtitleRegion?)null),
            (cue.Vertical, cue.SnapToLines, cue.Line, cue.LineAlign, cue.Position, cue.PositionAlign, cue.Size, cue.Align, cue.Region));
    }

    // ---- Timestamps -------------------------------------------------------------------------------

    [Theory]
    [InlineData("00:01.000 --> 00:02.500", 1.0, 2.5)]
    [InlineData("01:02:03.004 --> 10:00:00.000", 3723.004, 36000.0)]
    [InlineData("59:59.999 --> 100:00:00.000", 3599.999, 360000.0)]
    [InlineData("0:00:01.000 --> 000:00:02.000", 1.0, 2.0)]
    [InlineData("60:00:00.000 --> 60:00:01.000", 216000.0, 216001.0)]
    [InlineData("00:01.000\t-->\t00:02.000", 1.0, 2.0)]
    [InlineData("  00:01.000-->00:02.000", 1.0, 2.0)]
    public void Timestamps_with_and_without_hours_are_read_to_the_millisecond(string timing, double start, double end)
    {
        var cue = SingleCue(timing);
        Assert.Equal(start, cue.StartTime, 9);
        Assert.Equal(end, cue.EndTime, 9);
    }

    [Theory]
    [InlineData("00:01,000 --> 00:02,000", "not a ','")]
    [InlineData("0:01.000 --> 00:02.000", "read as hours")]
    [InlineData("00:1.000 --> 00:02.000", "exactly two digits")]
    [InlineData("00:01.00 --> 00:02.000", "exactly three digits")]
    [InlineData("00:01.0000 --> 00:02.000", "exactly three digits")]
    [InlineData("00:001.000 --> 00:02.000", "exactly two digits")]
    [InlineData("00:60.000 --> 01:00.000", "between 00 and 59")]
    [InlineData("00:00:60.000 --> 00:01:00.000", "between 00 and 59")]
    [InlineData("00:60:00.000 --> 01:00:00.000", "between 00 and 59")]
    [InlineData("00:01 --> 00:02", "followed by '.'")]
    [InlineData("00:01.000 -> 00:02.000", "separated by \"-->\"")]
    [InlineData("00:01.000 — 00:02.000", "separated by \"-->\"")]
    [InlineData("00:01.000 --> ", "a time is missing")]
    [InlineData("00:01.000 --> x", "start with a digit")]
    [InlineData("-->", "start with a digit")]
    [InlineData("a --> b", "start with a digit")]
    [InlineData("00:01.000 - -> 00:02.000 -->", "followed by \"-->\"")]
    public void A_malformed_timing_line_is_an_error_that_says_why_and_skips_the_cue(string timing, string why)
    {
        var result = Parse("WEBVTT", "", "first", timing, "lost text", "", "00:05.000 --> 00:06.000", "kept");
        var error = Assert.Single(result.Errors);
        Assert.Equal(SubtitleIssueCodes.TimingMalformed, error.Code);
        Assert.Equal(4, error.Line);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Contains(timing.Trim(), error.Message, StringComparison.Ordinal);
        Assert.Equal("4", error.Arguments[0]);
        Assert.False(result.IsRejected);
        var cue = Assert.Single(result.Document.Cues);
        Assert.Equal("kept", cue.Text);
        Assert.DoesNotContain(result.Warnings, w => w.Code == SubtitleIssueCodes.BlockIgnored);
    }

    [Fact]
    public void Every_cue_after_a_malformed_one_is_kept()
    {
        var result = Parse("WEBVTT", "", "00:01.000 --> 00:02.000", "one", "", "00:03,000 --> 00:04,000", "two", "", "00:05.000 --> 00:06.000", "three", "", "00:07.000 --> 00:08.000", "four");
        Assert.Equal(["one", "three", "four"], result.Document.Cues.Select(c => c.Text));
        Assert.Equal(6, Assert.Single(result.Errors).Line);
    }

    [Fact]
    public void A_cue_ending_before_it_starts_is_kept_with_a_warning()
    {
        var result = Parse("WEBVTT", "", "00:05.000 --> 00:04.000", "backwards");
        Assert.Single(result.Document.Cues);
        Assert.Equal(3, SingleWarning(result, SubtitleIssueCodes.CueEndBeforeStart).Line);
    }

    // ---- Blocks and error recovery ----------------------------------------------------------------

    [Fact]
    public void An_arrow_inside_cue_text_ends_the_cue_and_starts_the_next_one()
    {
        var result = Parse("WEBVTT", "", "00:01.000 --> 00:02.000", "one", "00:03.000 --> 00:04.000", "two");
        Assert.Equal(["one", "two"], result.Document.Cues.Select(c => c.Text));
        Assert.Equal([3, 5], result.Document.Cues.Select(c => c.LineNumber));
        var warning = SingleWarning(result, SubtitleIssueCodes.CueArrowInText);
        Assert.Equal(5, warning.Line);
        Assert.Equal(["5", "3"], warning.Arguments);
    }

    [Fact]
    public void An_identifier_containing_an_arrow_fails_as_a_timing_and_the_real_timing_still_makes_a_cue()
    {
        var result = Parse("WEBVTT", "", "a-->b", "00:01.000 --> 00:02.000", "text");
        Assert.Equal(3, Assert.Single(result.Errors).Line);
        var cue = Assert.Single(result.Document.Cues);
        Assert.Equal(("", "text", 4), (cue.Id, cue.Text, cue.LineNumber));
    }

    [Fact]
    public void A_two_line_identifier_makes_the_block_ignored_and_the_timing_line_a_cue_without_identifier()
    {
        var result = Parse("WEBVTT", "", "id one", "id two", "00:01.000 --> 00:02.000", "text");
        var cue = Assert.Single(result.Document.Cues);
        Assert.Equal(("", "text"), (cue.Id, cue.Text));
        Assert.Equal(3, SingleWarning(result, SubtitleIssueCodes.BlockIgnored).Line);
    }

    [Fact]
    public void A_block_of_text_without_timing_is_ignored_with_a_warning_naming_it()
    {
        var result = Parse("WEBVTT", "", "just some words", "", "00:01.000 --> 00:02.000", "Hi");
        var warning = SingleWarning(result, SubtitleIssueCodes.BlockIgnored);
        Assert.Equal(3, warning.Line);
        Assert.Contains("just some words", warning.Message, StringComparison.Ordinal);
        Assert.Single(result.Document.Cues);
    }

    [Theory]
    [InlineData("NOTE")]
    [InlineData("NOTE This is a comment")]
    [InlineData("NOTE\tcomment")]
    public void NOTE_blocks_are_skipped_silently(string note)
    {
        var result = Parse("WEBVTT", "", note, "more comment", "", "00:01.000 --> 00:02.000", "Hi", "", note);
        Assert.Single(result.Document.Cues);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_NOTE_block_that_contains_a_timing_on_its_second_line_is_a_cue_as_the_algorithm_says()
    {
        var cue = Assert.Single(Parse("WEBVTT", "", "NOTE", "00:01.000 --> 00:02.000", "Hi").Document.Cues);
        Assert.Equal("NOTE", cue.Id);
    }

    [Theory]
    [InlineData("STYLE")]
    [InlineData("REGION")]
    public void STYLE_and_REGION_blocks_after_the_first_cue_are_ignored_with_a_warning(string keyword)
    {
        var result = Parse("WEBVTT", "", "00:01.000 --> 00:02.000", "Hi", "", keyword, "id:x ::cue{}");
        Assert.Empty(result.Document.Styles);
        Assert.Empty(result.Document.Regions);
        var warning = SingleWarning(result, SubtitleIssueCodes.BlockMisplaced);
        Assert.Equal((6, keyword), (warning.Line, warning.Arguments[0]));
    }

    [Fact]
    public void STYLE_followed_by_spaces_is_still_a_style_block_but_STYLES_is_not()
    {
        var result = Parse("WEBVTT", "", "STYLE  ", "::cue { color: lime }", "", "STYLES", "::cue { color: red }");
        Assert.Equal("::cue { color: lime }", Assert.Single(result.Document.Styles));
        Assert.Equal(6, SingleWarning(result, SubtitleIssueCodes.BlockIgnored).Line);
    }

    [Fact]
    public void Many_blank_lines_between_blocks_change_nothing()
    {
        var result = Parse("WEBVTT", "", "", "", "00:01.000 --> 00:02.000", "one", "", "", "", "", "00:03.000 --> 00:04.000", "two", "", "");
        Assert.Equal(["one", "two"], result.Document.Cues.Select(c => c.Text));
    }

    [Fact]
    public void A_cue_with_no_text_is_kept_with_empty_text()
    {
        var cue = Assert.Single(Parse("WEBVTT", "", "00:01.000 --> 00:02.000", "", "").Document.Cues);
        Assert.Equal("", cue.Text);
    }

    [Fact]
    public void Cue_text_is_kept_raw_with_its_tags_and_references()
    {
        var cue = Assert.Single(Parse("WEBVTT", "", "00:01.000 --> 00:02.000", "<c.yellow.bg_blue>Tom &amp; Jerry</c>", "<00:01.500>next").Document.Cues);
        Assert.Equal("<c.yellow.bg_blue>Tom &amp; Jerry</c>\n<00:01.500>next", cue.Text);
    }

    // ---- Cue settings -----------------------------------------------------------------------------

    [Theory]
    [InlineData("vertical:rl", "rl")]
    [InlineData("vertical:lr", "lr")]
    public void Vertical_is_rl_or_lr(string setting, string expected) =>
        Assert.Equal(expected, SingleCue("00:01.000 --> 00:02.000 " + setting).Vertical);

    [Theory]
    [InlineData("line:0", 0.0, true, "start")]
    [InlineData("line:-1", -1.0, true, "start")]
    [InlineData("line:3,end", 3.0, true, "end")]
    [InlineData("line:1.5", 1.5, true, "start")]
    [InlineData("line:10%", 10.0, false, "start")]
    [InlineData("line:0%,center", 0.0, false, "center")]
    [InlineData("line:100%,start", 100.0, false, "start")]
    [InlineData("line:50.25%,end", 50.25, false, "end")]
    public void Line_is_a_line_number_or_a_percentage_with_an_optional_alignment(string setting, double line, bool snap, string align)
    {
        var cue = SingleCue("00:01.000 --> 00:02.000 " + setting);
        Assert.Equal((line, snap, align), (cue.Line, cue.SnapToLines, cue.LineAlign));
    }

    [Theory]
    [InlineData("position:10%", 10.0, "auto")]
    [InlineData("position:0%,line-left", 0.0, "line-left")]
    [InlineData("position:100%,center", 100.0, "center")]
    [InlineData("position:33.5%,line-right", 33.5, "line-right")]
    public void Position_is_a_percentage_with_an_optional_alignment(string setting, double position, string align)
    {
        var cue = SingleCue("00:01.000 --> 00:02.000 " + setting);
        Assert.Equal((position, align), (cue.Position, cue.PositionAlign));
    }

    [Theory]
    [InlineData("size:0%", 0.0)]
    [InlineData("size:50%", 50.0)]
    [InlineData("size:99.9%", 99.9)]
    public void Size_is_a_percentage(string setting, double size) =>
        Assert.Equal(size, SingleCue("00:01.000 --> 00:02.000 " + setting).Size);

    [Theory]
    [InlineData("start")]
    [InlineData("center")]
    [InlineData("end")]
    [InlineData("left")]
    [InlineData("right")]
    public void Align_takes_the_five_values(string value) =>
        Assert.Equal(value, SingleCue("00:01.000 --> 00:02.000 align:" + value).Align);

    [Fact]
    public void All_settings_together_are_applied_and_the_last_of_a_repeated_setting_wins()
    {
        var cue = SingleCue("00:01.000 --> 00:02.000 vertical:lr line:2,center position:20%,line-left size:40% align:end align:start");
        Assert.Equal(("lr", 2.0, "center", 20.0, "line-left", 40.0, "start"),
            (cue.Vertical, cue.Line, cue.LineAlign, cue.Position, cue.PositionAlign, cue.Size, cue.Align));
    }

    [Fact]
    public void Settings_may_be_separated_by_tabs_and_several_spaces()
    {
        var cue = SingleCue("00:01.000 --> 00:02.000\t  align:start \t size:50%");
        Assert.Equal(("start", 50.0), (cue.Align, cue.Size));
    }

    [Theory]
    [InlineData("vertical:RL")]
    [InlineData("vertical:")]
    [InlineData("vertical:tb")]
    [InlineData("line:abc")]
    [InlineData("line:%")]
    [InlineData("line:1,middle")]
    [InlineData("line:1,")]
    [InlineData("line:101%")]
    [InlineData("line:-5%")]
    [InlineData("line:1-2")]
    [InlineData("line:1.2.3")]
    [InlineData("line:.5")]
    [InlineData("line:5.")]
    [InlineData("line:-.5")]
    [InlineData("line:+1")]
    [InlineData("line:1e3")]
    [InlineData("position:50")]
    [InlineData("position:150%")]
    [InlineData("position:50%,left")]
    [InlineData("position:50%,")]
    [InlineData("position:-1%")]
    [InlineData("position:auto")]
    [InlineData("size:100")]
    [InlineData("size:100.1%")]
    [InlineData("size:.5%")]
    [InlineData("size:5.%")]
    [InlineData("align:middle")]
    [InlineData("align:Start")]
    [InlineData(":start")]
    [InlineData("align")]
    [InlineData("align:")]
    public void An_invalid_setting_is_ignored_with_a_warning_and_the_defaults_stay(string setting)
    {
        var result = Parse("WEBVTT", "", "00:01.000 --> 00:02.000 " + setting, "text");
        var cue = Assert.Single(result.Document.Cues);
        Assert.Equal(("", (double?)null, true, "start", (double?)null, "auto", 100.0, "center"),
            (cue.Vertical, cue.Line, cue.SnapToLines, cue.LineAlign, cue.Position, cue.PositionAlign, cue.Size, cue.Align));
        var warning = SingleWarning(result, SubtitleIssueCodes.SettingInvalid);
        Assert.Equal(3, warning.Line);
        Assert.Equal(setting, warning.Arguments[1]);
        Assert.Contains(setting, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_setting_does_not_undo_an_earlier_valid_one()
    {
        var result = Parse("WEBVTT", "", "00:01.000 --> 00:02.000 line:3 line:x position:20% position:200%", "text");
        var cue = Assert.Single(result.Document.Cues);
        Assert.Equal((3.0, 20.0), (cue.Line, cue.Position));
        Assert.Equal(2, result.Warnings.Count(w => w.Code == SubtitleIssueCodes.SettingInvalid));
    }

    [Theory]
    [InlineData("Align:start")]
    [InlineData("colour:red")]
    [InlineData("X1:100")]
    public void An_unknown_setting_name_is_ignored_with_its_own_warning(string setting)
    {
        var result = Parse("WEBVTT", "", "00:01.000 --> 00:02.000 " + setting, "text");
        Assert.Equal("center", Assert.Single(result.Document.Cues).Align);
        Assert.Equal(setting, SingleWarning(result, SubtitleIssueCodes.SettingUnknown).Arguments[1]);
    }

    // ---- Regions ----------------------------------------------------------------------------------

    private const string RegionHeader = "WEBVTT\n\nREGION\nid:r1 width:50% lines:2\n\n";

    [Fact]
    public void Region_defaults_mirror_the_browsers_VTTRegion()
    {
        var region = Assert.Single(WebVttParser.Parse("WEBVTT\n\nREGION\nid:plain\n").Document.Regions);
        Assert.Equal(new SubtitleRegion { Id = "plain", Width = 100, Lines = 3, RegionAnchorX = 0, RegionAnchorY = 100, ViewportAnchorX = 0, ViewportAnchorY = 100, Scroll = "" }, region);
    }

    [Fact]
    public void A_cue_in_a_region_refers_to_the_region_with_that_id()
    {
        var result = WebVttParser.Parse(RegionHeader + "00:01.000 --> 00:02.000 region:r1\nHi");
        var cue = Assert.Single(result.Document.Cues);
        Assert.Same(result.Document.Regions[0], cue.Region);
        Assert.Equal((50.0, 2), (cue.Region!.Width, cue.Region.Lines));
    }

    [Theory]
    [InlineData("vertical:rl", "vertical")]
    [InlineData("line:2", "line")]
    [InlineData("line:50%", "line")]
    [InlineData("size:50%", "size")]
    public void Vertical_line_and_size_take_a_cue_out_of_its_region_whichever_comes_first(string setting, string reason)
    {
        foreach (var settings in new[] { "region:r1 " + setting, setting + " region:r1" })
        {
            var result = WebVttParser.Parse(RegionHeader + "00:01.000 --> 00:02.000 " + settings + "\nHi");
            var cue = Assert.Single(result.Document.Cues);
            Assert.Null(cue.Region);
            var warning = SingleWarning(result, SubtitleIssueCodes.SettingRegionDropped);
            Assert.Equal(reason, warning.Arguments[2]);
        }
    }

    [Fact]
    public void Size_100_percent_and_an_invalid_vertical_keep_the_cue_in_its_region()
    {
        var result = WebVttParser.Parse(RegionHeader + "00:01.000 --> 00:02.000 region:r1 size:100% vertical:up\nHi");
        Assert.Equal("r1", Assert.Single(result.Document.Cues).Region?.Id);
        Assert.DoesNotContain(result.Warnings, w => w.Code == SubtitleIssueCodes.SettingRegionDropped);
    }

    [Fact]
    public void An_unknown_region_id_leaves_the_cue_outside_any_region_with_a_warning()
    {
        var result = WebVttParser.Parse(RegionHeader + "00:01.000 --> 00:02.000 region:r1 region:nope\nHi");
        Assert.Null(Assert.Single(result.Document.Cues).Region);
        Assert.Equal("nope", SingleWarning(result, SubtitleIssueCodes.RegionUnknown).Arguments[1]);
    }

    [Fact]
    public void Region_settings_may_span_several_lines_and_invalid_ones_are_reported_at_their_line()
    {
        var result = Parse("WEBVTT", "", "REGION", "id:a width:120%", "lines:two", "regionanchor:10%", "viewportanchor:5%,x%", "scroll:down", "colour:red", "lines:7");
        var region = Assert.Single(result.Document.Regions);
        Assert.Equal(new SubtitleRegion { Id = "a", Lines = 7 }, region);
        var invalid = result.Warnings.Where(w => w.Code == SubtitleIssueCodes.RegionSettingInvalid).ToList();
        Assert.Equal([4, 5, 6, 7, 8], invalid.Select(w => w.Line));
        Assert.Equal(9, SingleWarning(result, SubtitleIssueCodes.RegionSettingUnknown).Line);
    }

    [Fact]
    public void A_region_without_id_is_kept_but_reported_as_unusable()
    {
        var result = Parse("WEBVTT", "", "REGION", "width:40%");
        Assert.Equal(40.0, Assert.Single(result.Document.Regions).Width);
        Assert.Equal(3, SingleWarning(result, SubtitleIssueCodes.RegionIdMissing).Line);
    }

    [Fact]
    public void When_two_regions_share_an_id_cues_use_the_later_one()
    {
        var result = Parse("WEBVTT", "", "REGION", "id:x width:10%", "", "REGION", "id:x width:20%", "", "00:01.000 --> 00:02.000 region:x", "Hi");
        Assert.Equal(20.0, Assert.Single(result.Document.Cues).Region?.Width);
        Assert.Equal(6, SingleWarning(result, SubtitleIssueCodes.RegionIdDuplicate).Line);
    }

    [Fact]
    public void A_cue_cannot_use_a_region_defined_after_it()
    {
        var result = Parse("WEBVTT", "", "00:01.000 --> 00:02.000 region:late", "Hi", "", "REGION", "id:late");
        Assert.Null(Assert.Single(result.Document.Cues).Region);
        Assert.Empty(result.Document.Regions);
        Assert.Single(result.Warnings, w => w.Code == SubtitleIssueCodes.RegionUnknown);
        Assert.Single(result.Warnings, w => w.Code == SubtitleIssueCodes.BlockMisplaced);
    }

    [Fact]
    public void The_old_header_region_syntax_is_not_a_region()
    {
        var result = Parse("WEBVTT", "Region: id=fred width=40%", "", "00:01.000 --> 00:02.000", "Hi");
        Assert.Empty(result.Document.Regions);
        Assert.Single(result.Document.Cues);
    }
}
