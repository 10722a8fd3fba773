using System.Globalization;

namespace Kinodialog.Core.Subtitles;

/// <summary>
/// A problem found in a subtitle file: the 1-based line it concerns (0 when it concerns no line),
/// a stable <see cref="Code"/> (see <see cref="SubtitleIssueCodes"/>) and an English message.
/// <see cref="Arguments"/> holds the values the message names, so that the web app can translate by code.
/// </summary>
public sealed record SubtitleIssue(int Line, string Code, string Message)
{
    /// <summary>The values named in <see cref="Message"/>, in the order a translation needs them.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    internal static SubtitleIssue Create(int line, string code, string message, params string[] arguments) =>
        new(line, code, message) { Arguments = arguments };
}

/// <summary>The stable codes of <see cref="SubtitleIssue"/>s. Codes never change once published.</summary>
public static class SubtitleIssueCodes
{
    /// <summary>Error: the bytes are not valid UTF-8 (and no other encoding was asked for).</summary>
    public const string EncodingInvalidUtf8 = "encoding.invalid_utf8";

    /// <summary>Error: a UTF-16 file (with a BOM) contains invalid data.</summary>
    public const string EncodingInvalidUtf16 = "encoding.invalid_utf16";

    /// <summary>Error: the file looks like UTF-16 but has no byte order mark.</summary>
    public const string EncodingUtf16WithoutBom = "encoding.utf16_without_bom";

    /// <summary>Error: the file is UTF-32, which is not accepted.</summary>
    public const string EncodingUnsupported = "encoding.unsupported";

    /// <summary>Error: the legacy encoding the uploader chose does not fit the bytes.</summary>
    public const string EncodingLegacyUndecodable = "encoding.legacy_undecodable";

    /// <summary>Error: the file does not start with the WebVTT signature "WEBVTT" (and is not SRT).</summary>
    public const string SignatureMissing = "signature.missing";

    /// <summary>Error: a cue timing line is malformed; the cue was skipped.</summary>
    public const string TimingMalformed = "timing.malformed";

    /// <summary>Warning: a cue ends before it starts.</summary>
    public const string CueEndBeforeStart = "cue.end_before_start";

    /// <summary>Warning: a line inside a cue's text contains "-->", which ends the cue (a blank line is probably missing).</summary>
    public const string CueArrowInText = "cue.arrow_in_text";

    /// <summary>Warning: a cue setting has an invalid value or form and was ignored.</summary>
    public const string SettingInvalid = "setting.invalid";

    /// <summary>Warning: a cue setting name is not known and was ignored.</summary>
    public const string SettingUnknown = "setting.unknown";

    /// <summary>Warning: a cue's region setting was dropped because of its vertical, line or size setting.</summary>
    public const string SettingRegionDropped = "setting.region_dropped";

    /// <summary>Warning: a cue refers to a region that no REGION block defines.</summary>
    public const string RegionUnknown = "region.unknown";

    /// <summary>Warning: a REGION setting has an invalid value and was ignored.</summary>
    public const string RegionSettingInvalid = "region.setting_invalid";

    /// <summary>Warning: a REGION setting name is not known and was ignored.</summary>
    public const string RegionSettingUnknown = "region.setting_unknown";

    /// <summary>Warning: a REGION block has no id, so no cue can use it.</summary>
    public const string RegionIdMissing = "region.id_missing";

    /// <summary>Warning: two REGION blocks have the same id; cues use the later one.</summary>
    public const string RegionIdDuplicate = "region.id_duplicate";

    /// <summary>Warning: a block that is neither a cue, a NOTE, a STYLE nor a REGION was ignored.</summary>
    public const string BlockIgnored = "block.ignored";

    /// <summary>Warning: a STYLE or REGION block after the first cue was ignored.</summary>
    public const string BlockMisplaced = "block.misplaced";

    /// <summary>Warning: an SRT cue has no index line.</summary>
    public const string SrtIndexMissing = "srt.index_missing";

    /// <summary>Warning: an SRT cue's index is not the expected next number.</summary>
    public const string SrtIndexUnexpected = "srt.index_unexpected";

    /// <summary>Warning: an SRT formatting tag (font, ASS override, unknown tag) was removed.</summary>
    public const string SrtTagDropped = "srt.tag_dropped";

    /// <summary>Warning: SRT text after a blank line inside a cue was joined to that cue.</summary>
    public const string SrtBlankLineInText = "srt.blank_line_in_text";

    /// <summary>Warning: two cues follow each other without a blank line between them.</summary>
    public const string SrtMissingBlankLine = "srt.missing_blank_line";

    /// <summary>Warning (check): a cue starts before the cue written before it.</summary>
    public const string CueOutOfOrder = "cue.out_of_order";

    /// <summary>Warning (check): a cue is shown while another is still shown.</summary>
    public const string CueOverlap = "cue.overlap";

    /// <summary>Warning (check): a cue ends after the end of the film.</summary>
    public const string CueAfterFilmEnd = "cue.after_film_end";

    /// <summary>Warning (check): a cue must be read faster than <see cref="SubtitleChecker.MaxCharactersPerSecond"/>.</summary>
    public const string CueReadingSpeed = "cue.reading_speed";

    /// <summary>Warning (check): a line of a cue is longer than <see cref="SubtitleChecker.MaxLineLength"/> characters.</summary>
    public const string CueLineTooLong = "cue.line_too_long";
}

/// <summary>Formatting shared by the subtitle messages (always the invariant culture).</summary>
internal static class SubtitleText
{
    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A time as hh:mm:ss.ttt, as in a WebVTT file (a number when it is not a valid time).</summary>
    public static string Time(double seconds) =>
        double.IsFinite(seconds) && seconds is >= 0 and < 1e12 ? WebVttTimestamp.Format(seconds) : seconds.ToString(CultureInfo.InvariantCulture);

    /// <summary>A piece of the file quoted in a message, shortened to keep messages readable.</summary>
    public static string Quote(string text, int max = 60) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
}
