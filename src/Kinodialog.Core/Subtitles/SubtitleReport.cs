using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Kinodialog.Core.Subtitles;

/// <summary>
/// The validation report shown to an uploader: the parsed cues and regions, errors (content lost or file
/// rejected) and warnings (parser warnings plus <see cref="SubtitleChecker"/> checks), sorted by line.
/// </summary>
public sealed class SubtitleReport
{
    private static readonly JsonWriterOptions JsonOptions = new()
    {
        // Keep Armenian, Cyrillic and Azerbaijani text readable; HTML-sensitive characters stay escaped.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    private SubtitleReport(SubtitleDocument document, IReadOnlyList<SubtitleIssue> errors, IReadOnlyList<SubtitleIssue> warnings, bool isRejected)
    {
        Document = document;
        Errors = errors;
        Warnings = warnings;
        IsRejected = isRejected;
    }

    public SubtitleDocument Document { get; }

    public IReadOnlyList<SubtitleCue> Cues => Document.Cues;

    public IReadOnlyList<SubtitleRegion> Regions => Document.Regions;

    public IReadOnlyList<SubtitleIssue> Errors { get; }

    public IReadOnlyList<SubtitleIssue> Warnings { get; }

    /// <summary>True when nothing could be used: undecodable bytes or no WebVTT signature (the CLI exits non-zero).</summary>
    public bool IsRejected { get; }

    /// <summary>Combines a parse result with the timing and readability checks.</summary>
    public static SubtitleReport Create(SubtitleParseResult parse, double? filmDurationSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var checks = parse.IsRejected ? [] : SubtitleChecker.Check(parse.Document.Cues, filmDurationSeconds);
        return new SubtitleReport(
            parse.Document,
            [.. parse.Errors.OrderBy(e => e.Line)],
            [.. parse.Warnings.Concat(checks).OrderBy(w => w.Line)],
            parse.IsRejected);
    }

    /// <summary>Detects the format of <paramref name="text"/> (WebVTT or SRT), parses and checks it.</summary>
    public static SubtitleReport FromText(string text, double? filmDurationSeconds = null) =>
        Create(SubtitleFormat.Parse(text), filmDurationSeconds);

    /// <summary>Decodes, detects, parses and checks an uploaded file.</summary>
    public static SubtitleReport FromBytes(ReadOnlySpan<byte> bytes, SubtitleEncoding encoding = SubtitleEncoding.Unicode, double? filmDurationSeconds = null)
    {
        var decoded = SubtitleDecoder.Decode(bytes, encoding);
        return decoded.Succeeded
            ? FromText(decoded.Text, filmDurationSeconds)
            : new SubtitleReport(SubtitleDocument.Empty, [decoded.Error], [], true);
    }

    /// <summary>
    /// {"cues": [...], "regions": [...], "errors": [...], "warnings": [...]}: cues and regions with the
    /// browser's VTTCue/VTTRegion property names ("auto" for an automatic line or position), issues as
    /// {line, code, message}.
    /// </summary>
    public string ToJson()
    {
        var output = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(output, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteStartArray("cues");
            foreach (var cue in Cues)
            {
                WriteCue(json, cue);
            }

            json.WriteEndArray();
            json.WriteStartArray("regions");
            foreach (var region in Regions)
            {
                WriteRegion(json, region);
            }

            json.WriteEndArray();
            WriteIssues(json, "errors", Errors);
            WriteIssues(json, "warnings", Warnings);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static void WriteCue(Utf8JsonWriter json, SubtitleCue cue)
    {
        json.WriteStartObject();
        json.WriteString("id", cue.Id);
        json.WriteNumber("startTime", cue.StartTime);
        json.WriteNumber("endTime", cue.EndTime);
        json.WriteString("text", cue.Text);
        json.WriteString("vertical", cue.Vertical);
        json.WriteBoolean("snapToLines", cue.SnapToLines);
        WriteNumberOrAuto(json, "line", cue.Line);
        json.WriteString("lineAlign", cue.LineAlign);
        WriteNumberOrAuto(json, "position", cue.Position);
        json.WriteString("positionAlign", cue.PositionAlign);
        json.WriteNumber("size", cue.Size);
        json.WriteString("align", cue.Align);
        if (cue.Region is { } region)
        {
            json.WritePropertyName("region");
            WriteRegion(json, region);
        }
        else
        {
            json.WriteNull("region");
        }

        json.WriteEndObject();
    }

    private static void WriteNumberOrAuto(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteString(name, "auto");
        }
    }

    private static void WriteRegion(Utf8JsonWriter json, SubtitleRegion region)
    {
        json.WriteStartObject();
        json.WriteString("id", region.Id);
        json.WriteNumber("width", region.Width);
        json.WriteNumber("lines", region.Lines);
        json.WriteNumber("regionAnchorX", region.RegionAnchorX);
        json.WriteNumber("regionAnchorY", region.RegionAnchorY);
        json.WriteNumber("viewportAnchorX", region.ViewportAnchorX);
        json.WriteNumber("viewportAnchorY", region.ViewportAnchorY);
        json.WriteString("scroll", region.Scroll);
        json.WriteEndObject();
    }

    private static void WriteIssues(Utf8JsonWriter json, string name, IReadOnlyList<SubtitleIssue> issues)
    {
        json.WriteStartArray(name);
        foreach (var issue in issues)
        {
            json.WriteStartObject();
            json.WriteNumber("line", issue.Line);
            json.WriteString("code", issue.Code);
            json.WriteString("message", issue.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
