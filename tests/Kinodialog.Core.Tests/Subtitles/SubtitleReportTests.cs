using System.Text;
using System.Text.Json;
using Kinodialog.Core.Subtitles;

namespace Kinodialog.Core.Tests.Subtitles;

public sealed class SubtitleReportTests
{
    private const string File = """
        WEBVTT

        REGION
        id:fred width:40% lines:3 regionanchor:0%,100% viewportanchor:10%,90% scroll:up

        intro
        00:00:01.000 --> 00:00:03.500 region:fred align:left
        <v Fred>Hi, I'm Fred

        00:00:02.000 --> 00:00:04.000 line:-2,end position:30%,line-right size:80% vertical:lr
        Overlapping & placed

        00:00:05.000 --> 00:00:06.000 line:10% align:bogus
        Third

        00:0x:07.000 --> 00:00:08.000
        Broken
        """;

    private static JsonElement Json(SubtitleReport report) => JsonDocument.Parse(report.ToJson()).RootElement.Clone();

    private static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public void The_JSON_has_exactly_cues_regions_errors_and_warnings()
    {
        var json = Json(SubtitleReport.FromText(File));
        Assert.Equal(["cues", "regions", "errors", "warnings"], Names(json));
    }

    [Fact]
    public void Each_cue_has_the_VTTCue_property_names_in_order_with_auto_as_a_string()
    {
        var cues = Json(SubtitleReport.FromText(File)).GetProperty("cues");
        Assert.Equal(3, cues.GetArrayLength());
        var first = cues[0];
        Assert.Equal(["id", "startTime", "endTime", "text", "vertical", "snapToLines", "line", "lineAlign", "position", "positionAlign", "size", "align", "region"], Names(first));
        Assert.Equal("intro", first.GetProperty("id").GetString());
        Assert.Equal(1.0, first.GetProperty("startTime").GetDouble());
        Assert.Equal(3.5, first.GetProperty("endTime").GetDouble());
        Assert.Equal("<v Fred>Hi, I'm Fred", first.GetProperty("text").GetString());
        Assert.Equal("", first.GetProperty("vertical").GetString());
        Assert.True(first.GetProperty("snapToLines").GetBoolean());
        Assert.Equal(JsonValueKind.String, first.GetProperty("line").ValueKind);
        Assert.Equal("auto", first.GetProperty("line").GetString());
        Assert.Equal("start", first.GetProperty("lineAlign").GetString());
        Assert.Equal("auto", first.GetProperty("position").GetString());
        Assert.Equal("auto", first.GetProperty("positionAlign").GetString());
        Assert.Equal(100, first.GetProperty("size").GetDouble());
        Assert.Equal("left", first.GetProperty("align").GetString());
        var region = first.GetProperty("region");
        Assert.Equal(["id", "width", "lines", "regionAnchorX", "regionAnchorY", "viewportAnchorX", "viewportAnchorY", "scroll"], Names(region));
        Assert.Equal(("fred", 40.0, 3, 0.0, 100.0, 10.0, 90.0, "up"),
            (region.GetProperty("id").GetString(), region.GetProperty("width").GetDouble(), region.GetProperty("lines").GetInt32(),
             region.GetProperty("regionAnchorX").GetDouble(), region.GetProperty("regionAnchorY").GetDouble(),
             region.GetProperty("viewportAnchorX").GetDouble(), region.GetProperty("viewportAnchorY").GetDouble(), region.GetProperty("scroll").GetString()));
    }

    [Fact]
    public void Numbers_are_JSON_numbers_when_line_and_position_are_set_and_region_is_null_without_one()
    {
        var cues = Json(SubtitleReport.FromText(File)).GetProperty("cues");
        var second = cues[1];
        Assert.Equal(JsonValueKind.Number, second.GetProperty("line").ValueKind);
        Assert.Equal(-2, second.GetProperty("line").GetDouble());
        Assert.Equal("end", second.GetProperty("lineAlign").GetString());
        Assert.Equal(30, second.GetProperty("position").GetDouble());
        Assert.Equal("line-right", second.GetProperty("positionAlign").GetString());
        Assert.Equal(80, second.GetProperty("size").GetDouble());
        Assert.Equal("lr", second.GetProperty("vertical").GetString());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("region").ValueKind);
        Assert.Equal("Overlapping & placed", second.GetProperty("text").GetString());
        Assert.False(cues[2].GetProperty("snapToLines").GetBoolean());
        Assert.Equal(10, cues[2].GetProperty("line").GetDouble());
    }

    [Fact]
    public void Regions_are_listed_with_the_same_shape()
    {
        var regions = Json(SubtitleReport.FromText(File)).GetProperty("regions");
        var region = Assert.Single(regions.EnumerateArray());
        Assert.Equal(["id", "width", "lines", "regionAnchorX", "regionAnchorY", "viewportAnchorX", "viewportAnchorY", "scroll"], Names(region));
    }

    [Fact]
    public void Errors_and_warnings_are_line_code_and_message_sorted_by_line()
    {
        var report = SubtitleReport.FromText(File);
        var json = Json(report);
        var error = Assert.Single(json.GetProperty("errors").EnumerateArray());
        Assert.Equal(["line", "code", "message"], Names(error));
        Assert.Equal((16, "timing.malformed"), (error.GetProperty("line").GetInt32(), error.GetProperty("code").GetString()));
        Assert.Contains("00:0x:07.000", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var warnings = json.GetProperty("warnings").EnumerateArray().Select(w => (w.GetProperty("line").GetInt32(), w.GetProperty("code").GetString())).ToList();
        Assert.Equal([(10, "cue.overlap"), (13, "setting.invalid")], warnings);
        Assert.All(json.GetProperty("warnings").EnumerateArray(), w => Assert.Equal(["line", "code", "message"], Names(w)));
        Assert.False(report.IsRejected);
    }

    [Fact]
    public void Non_Latin_text_stays_readable_in_the_JSON_and_HTML_characters_are_escaped()
    {
        var json = SubtitleReport.FromText("WEBVTT\n\n00:01.000 --> 00:02.000\nԲարեւ Привет Salam, ə <b>x</b>").ToJson();
        Assert.Contains("Բարեւ Привет Salam, ə", json, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", json, StringComparison.Ordinal);
        Assert.Contains("\\u003Cb\\u003E", json, StringComparison.Ordinal);
    }

    [Fact]
    public void The_film_duration_adds_end_of_film_warnings()
    {
        var report = SubtitleReport.FromText("WEBVTT\n\n00:01.000 --> 00:12.000\nHi", filmDurationSeconds: 10);
        Assert.Equal(SubtitleIssueCodes.CueAfterFilmEnd, Assert.Single(report.Warnings).Code);
    }

    [Fact]
    public void A_file_without_signature_is_rejected_with_an_empty_report()
    {
        var report = SubtitleReport.FromText("Hello\n");
        Assert.True(report.IsRejected);
        var json = Json(report);
        Assert.Equal(0, json.GetProperty("cues").GetArrayLength());
        Assert.Equal("signature.missing", json.GetProperty("errors")[0].GetProperty("code").GetString());
    }

    [Fact]
    public void Undecodable_bytes_are_rejected_with_the_decoding_error()
    {
        var report = SubtitleReport.FromBytes(SubtitleDecoderTests.ToArmscii8("WEBVTT\n\n00:01.000 --> 00:02.000\nԲարեւ"));
        Assert.True(report.IsRejected);
        Assert.Empty(report.Cues);
        var error = Assert.Single(report.Errors);
        Assert.Equal((SubtitleIssueCodes.EncodingInvalidUtf8, 4), (error.Code, error.Line));
    }

    [Fact]
    public void Bytes_of_an_SRT_file_are_decoded_detected_converted_and_checked()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("1\r\n00:00:01,000 --> 00:00:02,000\r\n<i>Hi</i>\r\n\r\n2\r\n00:00:01,500 --> 00:00:03,000\r\nthere\r\n")).ToArray();
        var report = SubtitleReport.FromBytes(bytes);
        Assert.False(report.IsRejected);
        Assert.Equal(["<i>Hi</i>", "there"], report.Cues.Select(c => c.Text));
        Assert.Equal((SubtitleIssueCodes.CueOverlap, 5), (Assert.Single(report.Warnings).Code, report.Warnings[0].Line));
    }

    [Fact]
    public void A_rejected_parse_is_not_checked()
    {
        var report = SubtitleReport.Create(WebVttParser.Parse("nope"), filmDurationSeconds: 1);
        Assert.True(report.IsRejected);
        Assert.Empty(report.Warnings);
    }
}
