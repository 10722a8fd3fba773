using FsCheck;
using FsCheck.Fluent;
using Kinodialog.Core.Subtitles;

namespace Kinodialog.Core.Tests.Subtitles;

public sealed class WebVttWriterTests
{
    [Fact]
    public void A_cue_is_written_with_hours_milliseconds_and_only_its_non_default_settings()
    {
        var document = new SubtitleDocument(
            [
                new SubtitleCue { StartTime = 1, EndTime = 2.5, Text = "Never drink liquid nitrogen." },
                new SubtitleCue { Id = "two", StartTime = 3723.004, EndTime = 3725, Text = "<i>One</i>\nTwo", Line = -1, LineAlign = "end", Position = 10, PositionAlign = "line-left", Size = 80.5, Align = "start", Vertical = "rl" },
                new SubtitleCue { StartTime = 4, EndTime = 5, Line = 0, SnapToLines = false },
            ],
            [],
            []);
        Assert.Equal(
            """
            WEBVTT

            00:00:01.000 --> 00:00:02.500
            Never drink liquid nitrogen.

            two
            01:02:03.004 --> 01:02:05.000 vertical:rl line:-1,end position:10%,line-left size:80.5% align:start
            <i>One</i>
            Two

            00:00:04.000 --> 00:00:05.000 line:0%

            """.ReplaceLineEndings("\n"),
            WebVttWriter.Write(document));
    }

    [Fact]
    public void Regions_and_styles_are_written_before_the_cues()
    {
        var region = new SubtitleRegion { Id = "fred", Width = 40, Lines = 3, RegionAnchorX = 0, RegionAnchorY = 100, ViewportAnchorX = 10, ViewportAnchorY = 90, Scroll = "up" };
        var document = new SubtitleDocument([new SubtitleCue { StartTime = 0, EndTime = 20, Text = "<v Fred>Hi", Region = region, Align = "left" }], [region], ["::cue(b) {\n  color: peachpuff;\n}"]);
        Assert.Equal(
            """
            WEBVTT

            REGION
            id:fred width:40% lines:3 regionanchor:0%,100% viewportanchor:10%,90% scroll:up

            STYLE
            ::cue(b) {
              color: peachpuff;
            }

            00:00:00.000 --> 00:00:20.000 align:left region:fred
            <v Fred>Hi

            """.ReplaceLineEndings("\n"),
            WebVttWriter.Write(document));
    }

    [Fact]
    public void A_region_used_by_a_cue_but_missing_from_the_list_is_written_too()
    {
        var region = new SubtitleRegion { Id = "solo" };
        var output = WebVttWriter.Write(new SubtitleDocument([new SubtitleCue { EndTime = 1, Region = region }], [], []));
        var reparsed = WebVttParser.Parse(output).Document;
        Assert.Equal(region, Assert.Single(reparsed.Regions));
        Assert.Equal(region, Assert.Single(reparsed.Cues).Region);
    }

    [Fact]
    public void Text_that_WebVTT_cannot_hold_is_made_safe_without_changing_what_is_shown()
    {
        var cue = new SubtitleCue { StartTime = 1, EndTime = 2, Text = "a --> b\r\n\r\nc\rd\0" };
        var reparsed = WebVttParser.Parse(WebVttWriter.Write(new SubtitleDocument([cue], [], ["a {}\n\nb --> c"])));
        Assert.Empty(reparsed.Warnings);
        var written = Assert.Single(reparsed.Document.Cues);
        Assert.Equal("a --&gt; b\nc\nd\uFFFD", written.Text);
        Assert.Equal("a --> b\nc\nd\uFFFD", WebVttCueText.Parse(written.Text).ToPlainText());
        Assert.Equal("a {}\nb --\\> c", Assert.Single(reparsed.Document.Styles));
    }

    [Theory]
    [InlineData(0.00001, "0.00001")]
    [InlineData(1e-7, "0.0000001")]
    [InlineData(5e-324, "0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000005")]
    [InlineData(1e21, "1000000000000000000000")]
    [InlineData(1.5e22, "15000000000000000000000")]
    [InlineData(-2.5e-6, "-0.0000025")]
    [InlineData(33.333333333333336, "33.333333333333336")]
    [InlineData(100, "100")]
    public void Numbers_are_written_in_plain_decimals_that_read_back_exactly(double value, string expected)
    {
        var output = WebVttWriter.Write(new SubtitleDocument([new SubtitleCue { EndTime = 1, Line = value }], [], []));
        Assert.Contains($" line:{expected}\n", output, StringComparison.Ordinal);
        Assert.Equal(value, Assert.Single(WebVttParser.Parse(output).Document.Cues).Line);
    }

    [Fact]
    public void Times_are_rounded_to_the_millisecond()
    {
        var output = WebVttWriter.Write(new SubtitleDocument([new SubtitleCue { StartTime = 1.0004, EndTime = 1.0006 }], [], []));
        Assert.Contains("00:00:01.000 --> 00:00:01.001", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_time_or_an_id_with_an_arrow_cannot_be_written()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WebVttWriter.Write(new SubtitleDocument([new SubtitleCue { StartTime = -1 }], [], [])));
        Assert.Throws<ArgumentException>(() => WebVttWriter.Write(new SubtitleDocument([new SubtitleCue { Id = "a-->b" }], [], [])));
        Assert.Throws<ArgumentException>(() => WebVttWriter.Write(new SubtitleDocument([], [new SubtitleRegion { Id = "a b" }], [])));
    }

    [Fact]
    public void SRT_converted_to_WebVTT_is_a_valid_file_with_the_same_cues()
    {
        var srt = SrtParser.Parse("1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>Tom & Jerry</i> {\\an8}\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\n<font color=red>Привет</font>\r\n");
        var vtt = WebVttWriter.Write(srt.Document);
        Assert.Equal("WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n<i>Tom &amp; Jerry</i> \n\n00:00:03.000 --> 00:00:04.000\nПривет\n", vtt);
        var reparsed = WebVttParser.Parse(vtt);
        Assert.Empty(reparsed.Warnings);
        Assert.Equal(srt.Document.Cues.Select(c => c with { LineNumber = 0 }), reparsed.Document.Cues.Select(c => c with { LineNumber = 0 }));
    }

    [Fact]
    public void Parsing_what_was_written_gives_the_same_cues_regions_and_styles() =>
        Check.One(SubtitleGenerators.Config, Prop.ForAll(SubtitleGenerators.Document.ToArbitrary(), document =>
        {
            var result = WebVttParser.Parse(WebVttWriter.Write(document));
            Assert.False(result.IsRejected);
            Assert.Empty(result.Errors);
            Assert.All(result.Warnings, w => Assert.Equal(SubtitleIssueCodes.CueEndBeforeStart, w.Code));
            Assert.Equal(document.Cues, result.Document.Cues.Select(c => c with { LineNumber = 0 }));
            Assert.Equal(document.Regions, result.Document.Regions);
            Assert.Equal(document.Styles, result.Document.Styles);
        }));

    [Fact]
    public void Writing_is_stable_once_written() =>
        Check.One(SubtitleGenerators.Config, Prop.ForAll(SubtitleGenerators.Document.ToArbitrary(), document =>
        {
            var once = WebVttWriter.Write(document);
            return once == WebVttWriter.Write(WebVttParser.Parse(once).Document);
        }));
}
