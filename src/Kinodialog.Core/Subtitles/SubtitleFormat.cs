namespace Kinodialog.Core.Subtitles;

/// <summary>The subtitle formats Kinodialog reads.</summary>
public enum SubtitleFormatKind
{
    Unknown,
    WebVtt,
    Srt,
}

/// <summary>Recognises WebVTT and SRT text and parses it with the matching parser.</summary>
public static class SubtitleFormat
{
    /// <summary>
    /// WebVTT when the text starts with the signature "WEBVTT"; SRT when its first non-blank line is a
    /// timing line, or a number followed by a timing line; otherwise unknown.
    /// </summary>
    public static SubtitleFormatKind Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = WebVttParser.Preprocess(text.Length > 4096 ? text[..4096] : text).Split('\n');
        if (lines[0].StartsWith("WEBVTT", StringComparison.Ordinal) && (lines[0].Length == 6 || lines[0][6] is ' ' or '\t'))
        {
            return SubtitleFormatKind.WebVtt;
        }

        var first = Array.FindIndex(lines, l => !l.AsSpan().Trim().IsEmpty);
        if (first < 0)
        {
            return SubtitleFormatKind.Unknown;
        }

        var timing = first;
        if (IsNumber(lines[first]))
        {
            timing = first + 1;
        }

        return timing < lines.Length && SrtParser.TryParseTiming(lines[timing], out _, out _, out _)
            ? SubtitleFormatKind.Srt
            : SubtitleFormatKind.Unknown;
    }

    /// <summary>Parses SRT with <see cref="SrtParser"/> and anything else with <see cref="WebVttParser"/> (which rejects non-WebVTT with a reason).</summary>
    public static SubtitleParseResult Parse(string text) =>
        Detect(text) == SubtitleFormatKind.Srt ? SrtParser.Parse(text) : WebVttParser.Parse(text);

    private static bool IsNumber(string line)
    {
        var trimmed = line.AsSpan().Trim();
        if (trimmed.IsEmpty)
        {
            return false;
        }

        foreach (var c in trimmed)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
