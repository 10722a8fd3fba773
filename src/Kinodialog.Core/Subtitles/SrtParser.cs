using System.Globalization;
using System.Text;

namespace Kinodialog.Core.Subtitles;

/// <summary>
/// Reads SubRip (SRT) files leniently into the WebVTT cue model: comma or dot decimals, missing or wrong
/// indices, extra or missing blank lines, any line endings. &lt;i&gt;, &lt;b&gt; and &lt;u&gt; become WebVTT
/// tags; &lt;font&gt;, other tags and ASS overrides such as {\an8} are dropped; text is escaped for WebVTT.
/// </summary>
public static class SrtParser
{
    public static SubtitleParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Run(WebVttParser.Preprocess(text).Split('\n')).Execute();
    }

    /// <summary>An SRT timing line: [h:]m:s[,.]fff --> [h:]m:s[,.]fff, anything after it (coordinates) ignored.</summary>
    internal static bool TryParseTiming(string line, out double start, out double end, out string reason)
    {
        end = 0;
        var position = 0;
        SkipSpaces(line, ref position);
        if (!TryParseTime(line, ref position, out start, out reason))
        {
            reason = $"the start time is invalid: {reason}";
            return false;
        }

        SkipSpaces(line, ref position);
        if (string.CompareOrdinal(line, position, "-->", 0, 3) != 0)
        {
            reason = "the start time must be followed by \"-->\"";
            return false;
        }

        position += 3;
        SkipSpaces(line, ref position);
        if (!TryParseTime(line, ref position, out end, out reason))
        {
            reason = $"the end time is invalid: {reason}";
            return false;
        }

        if (position < line.Length && line[position] is not (' ' or '\t'))
        {
            reason = $"unexpected \"{SubtitleText.Quote(line[position..], 20)}\" after the end time";
            return false;
        }

        return true;
    }

    private static void SkipSpaces(string line, ref int position)
    {
        while (position < line.Length && line[position] is ' ' or '\t')
        {
            position++;
        }
    }

    private static bool TryParseTime(string line, ref int position, out double seconds, out string reason)
    {
        seconds = 0;
        var parts = new List<string>();
        while (true)
        {
            var start = position;
            while (position < line.Length && char.IsAsciiDigit(line[position]))
            {
                position++;
            }

            if (position == start || position - start > 9)
            {
                reason = "expected a time like 00:01:02,500";
                return false;
            }

            parts.Add(line[start..position]);
            if (parts.Count < 3 && position < line.Length && line[position] == ':')
            {
                position++;
                continue;
            }

            break;
        }

        if (parts.Count < 2)
        {
            reason = "expected a time like 00:01:02,500";
            return false;
        }

        var fraction = "";
        if (position < line.Length && line[position] is ',' or '.')
        {
            var start = ++position;
            while (position < line.Length && char.IsAsciiDigit(line[position]))
            {
                position++;
            }

            fraction = line[start..position];
            if (fraction.Length is 0 or > 3)
            {
                reason = "the milliseconds must have one to three digits";
                return false;
            }
        }

        var numbers = parts.Select(p => long.Parse(p, NumberStyles.None, CultureInfo.InvariantCulture)).ToList();
        var (hours, minutes, secs) = numbers.Count == 3 ? (numbers[0], numbers[1], numbers[2]) : (0L, numbers[0], numbers[1]);
        if (minutes > 59 || secs > 59 || parts.Skip(parts.Count - 2).Any(p => p.Length > 2))
        {
            reason = "minutes and seconds must be between 00 and 59";
            return false;
        }

        var ms = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(3, '0'), NumberStyles.None, CultureInfo.InvariantCulture);
        seconds = WebVttTimestamp.FromMilliseconds((((((hours * 60) + minutes) * 60) + secs) * 1000) + ms);
        reason = "";
        return true;
    }

    private static bool IsIndexLine(string line)
    {
        var trimmed = line.AsSpan().Trim();
        if (trimmed.Length is 0 or > 9)
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

    private static bool IsBlank(string line) => line.AsSpan().Trim().IsEmpty;

    private sealed class Run(string[] lines)
    {
        private readonly List<SubtitleCue> _cues = [];
        private readonly List<SubtitleIssue> _errors = [];
        private readonly List<SubtitleIssue> _warnings = [];
        private readonly HashSet<string> _droppedTags = new(StringComparer.OrdinalIgnoreCase);
        private int _missingIndices;
        private int _firstMissingIndexLine;
        private long _expectedIndex = 1;
        private StringBuilder? _joinedText;

        public SubtitleParseResult Execute()
        {
            var i = 0;
            var previousBlockWasCue = false;
            while (i < lines.Length)
            {
                if (IsBlank(lines[i]))
                {
                    i++;
                    continue;
                }

                var blockStart = i;
                long? index = null;
                if (IsIndexLine(lines[i]) && i + 1 < lines.Length && lines[i + 1].Contains("-->", StringComparison.Ordinal))
                {
                    index = long.Parse(lines[i].AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
                    i++;
                }

                if (lines[i].Contains("-->", StringComparison.Ordinal))
                {
                    i = ReadCue(blockStart, i, index);
                    previousBlockWasCue = _cues.Count > 0 && _cues[^1].LineNumber == blockStart + 1;
                    continue;
                }

                // Text with no timing: most often a blank line inside the previous cue's text.
                var end = i + 1;
                while (end < lines.Length && !IsBlank(lines[end]) && !StartsCue(end))
                {
                    end++;
                }

                if (previousBlockWasCue)
                {
                    var previous = _cues[^1];
                    var extra = ConvertText(lines[i..end], i + 1);
                    JoinToLastCue(extra);
                    _warnings.Add(SubtitleIssue.Create(i + 1, SubtitleIssueCodes.SrtBlankLineInText,
                        $"Line {i + 1}: text after a blank line was joined to the cue that starts at line {previous.LineNumber} (cue text cannot contain blank lines).",
                        SubtitleText.Number(i + 1), SubtitleText.Number(previous.LineNumber)));
                }
                else
                {
                    var quoted = SubtitleText.Quote(lines[i]);
                    _warnings.Add(SubtitleIssue.Create(i + 1, SubtitleIssueCodes.BlockIgnored,
                        $"The block at line {i + 1} (\"{quoted}\") has no cue timing line and was ignored.",
                        SubtitleText.Number(i + 1), quoted));
                }

                i = end;
            }

            FlushJoinedText();
            if (_missingIndices > 0)
            {
                _warnings.Add(SubtitleIssue.Create(_firstMissingIndexLine, SubtitleIssueCodes.SrtIndexMissing,
                    $"{_missingIndices} cue(s) have no index number, the first at line {_firstMissingIndexLine}; this is harmless, WebVTT does not need them.",
                    SubtitleText.Number(_missingIndices), SubtitleText.Number(_firstMissingIndexLine)));
            }

            return new SubtitleParseResult(new SubtitleDocument(_cues, [], []), _errors, [.. _warnings.OrderBy(w => w.Line)], false);
        }

        /// <summary>A cue starts at this line: a timing line, or an index line followed by one.</summary>
        private bool StartsCue(int line) =>
            (lines[line].Contains("-->", StringComparison.Ordinal) && TryParseTiming(lines[line], out _, out _, out _))
            || (IsIndexLine(lines[line]) && line + 1 < lines.Length && TryParseTiming(lines[line + 1], out _, out _, out _));

        private int ReadCue(int blockStart, int timingLine, long? index)
        {
            var lineNumber = timingLine + 1;
            if (!TryParseTiming(lines[timingLine], out var start, out var end, out var reason))
            {
                var quoted = SubtitleText.Quote(lines[timingLine]);
                _errors.Add(SubtitleIssue.Create(lineNumber, SubtitleIssueCodes.TimingMalformed,
                    $"The cue timing at line {lineNumber} (\"{quoted}\") is malformed: {reason}. The cue was skipped.",
                    SubtitleText.Number(lineNumber), quoted, reason));
                var skip = timingLine + 1;
                while (skip < lines.Length && !IsBlank(lines[skip]) && !StartsCue(skip))
                {
                    skip++;
                }

                return skip;
            }

            CheckIndex(index, blockStart);
            var textEnd = timingLine + 1;
            while (textEnd < lines.Length && !IsBlank(lines[textEnd]))
            {
                if (StartsCue(textEnd))
                {
                    _warnings.Add(SubtitleIssue.Create(textEnd + 1, SubtitleIssueCodes.SrtMissingBlankLine,
                        $"Line {textEnd + 1} starts a new cue without a blank line before it.",
                        SubtitleText.Number(textEnd + 1)));
                    break;
                }

                textEnd++;
            }

            var cue = new SubtitleCue
            {
                StartTime = start,
                EndTime = end,
                Text = ConvertText(lines[(timingLine + 1)..textEnd], timingLine + 2),
                LineNumber = blockStart + 1,
            };
            if (end < start)
            {
                _warnings.Add(SubtitleIssue.Create(cue.LineNumber, SubtitleIssueCodes.CueEndBeforeStart,
                    $"The cue at line {cue.LineNumber} ends ({SubtitleText.Time(end)}) before it starts ({SubtitleText.Time(start)}), so it is never shown.",
                    SubtitleText.Number(cue.LineNumber), SubtitleText.Time(start), SubtitleText.Time(end)));
            }

            FlushJoinedText();
            _cues.Add(cue);
            return textEnd;
        }

        /// <summary>
        /// Text after a blank line joins the last cue. It is collected and set once, when the next cue starts or
        /// the file ends: setting it each time copied the growing text again (50,000 blank-line-separated lines,
        /// 256 KB, took 8 s).
        /// </summary>
        private void JoinToLastCue(string extra)
        {
            if (_joinedText is null)
            {
                _joinedText = new StringBuilder(_cues[^1].Text);
            }

            if (_joinedText.Length > 0)
            {
                _joinedText.Append('\n');
            }

            _joinedText.Append(extra);
        }

        private void FlushJoinedText()
        {
            if (_joinedText is not null)
            {
                _cues[^1] = _cues[^1] with { Text = _joinedText.ToString() };
                _joinedText = null;
            }
        }

        private void CheckIndex(long? index, int blockStart)
        {
            if (index is not { } found)
            {
                if (_missingIndices++ == 0)
                {
                    _firstMissingIndexLine = blockStart + 1;
                }

                _expectedIndex++;
                return;
            }

            if (found != _expectedIndex)
            {
                var expected = _expectedIndex.ToString(CultureInfo.InvariantCulture);
                var actual = found.ToString(CultureInfo.InvariantCulture);
                _warnings.Add(SubtitleIssue.Create(blockStart + 1, SubtitleIssueCodes.SrtIndexUnexpected,
                    $"Line {blockStart + 1}: the cue number is {actual} but {expected} was expected; the numbers are not used in WebVTT.",
                    SubtitleText.Number(blockStart + 1), expected, actual));
            }

            _expectedIndex = found + 1;
        }

        /// <summary>SRT text to WebVTT cue text: keep i/b/u, drop other tags and {\...} overrides, escape &amp; &lt; &gt;.</summary>
        private string ConvertText(string[] textLines, int firstLineNumber)
        {
            var converted = new List<string>();
            for (var n = 0; n < textLines.Length; n++)
            {
                var line = textLines[n];
                var builder = new StringBuilder(line.Length);
                var i = 0;

                // Where the next '}' is: looked up again only once passed, so "{\\" repeated stays linear.
                var close = -1;
                while (i < line.Length)
                {
                    var c = line[i];
                    if (c == '{' && i + 1 < line.Length && line[i + 1] == '\\' && close < line.Length)
                    {
                        close = close > i ? close : line.IndexOf('}', i) is var found and >= 0 ? found : line.Length;
                    }

                    if (c == '{' && i + 1 < line.Length && line[i + 1] == '\\' && close < line.Length)
                    {
                        NoteDropped(line[i..(close + 1)], firstLineNumber + n);
                        i = close + 1;
                    }
                    else if (c == '<' && TryReadTag(line, i, out var tagEnd, out var name, out var closing))
                    {
                        if (name.Equals("i", StringComparison.OrdinalIgnoreCase) || name.Equals("b", StringComparison.OrdinalIgnoreCase) || name.Equals("u", StringComparison.OrdinalIgnoreCase))
                        {
                            builder.Append(closing ? "</" : "<").Append(char.IsAsciiLetterUpper(name[0]) ? (char)(name[0] + 32) : name[0]).Append('>');
                        }
                        else if (name.Equals("br", StringComparison.OrdinalIgnoreCase))
                        {
                            builder.Append('\n');
                        }
                        else
                        {
                            NoteDropped("<" + name + ">", firstLineNumber + n);
                        }

                        i = tagEnd;
                    }
                    else
                    {
                        builder.Append(c switch
                        {
                            '&' => "&amp;",
                            '<' => "&lt;",
                            '>' => "&gt;",
                            _ => c.ToString(),
                        });
                        i++;
                    }
                }

                converted.AddRange(builder.ToString().Split('\n'));
            }

            // A line left empty (it held only a dropped tag) would end the cue in WebVTT.
            return string.Join('\n', converted.Where(l => !IsBlank(l)));
        }

        private void NoteDropped(string tag, int lineNumber)
        {
            if (_droppedTags.Add(tag))
            {
                var quoted = SubtitleText.Quote(tag, 30);
                _warnings.Add(SubtitleIssue.Create(lineNumber, SubtitleIssueCodes.SrtTagDropped,
                    $"Line {lineNumber}: the formatting \"{quoted}\" is not supported in WebVTT and was removed (here and wherever it appears again).",
                    SubtitleText.Number(lineNumber), quoted));
            }
        }

        /// <summary>An HTML-like tag: '&lt;', optional '/', a letter-led name, anything but '&lt;' up to '&gt;'.</summary>
        private static bool TryReadTag(string line, int start, out int end, out string name, out bool closing)
        {
            end = start;
            name = "";
            var i = start + 1;
            closing = i < line.Length && line[i] == '/';
            if (closing)
            {
                i++;
            }

            var nameStart = i;
            if (i >= line.Length || !char.IsAsciiLetter(line[i]))
            {
                return false;
            }

            while (i < line.Length && char.IsAsciiLetterOrDigit(line[i]))
            {
                i++;
            }

            name = line[nameStart..i];
            while (i < line.Length && line[i] != '>')
            {
                if (line[i] == '<')
                {
                    return false;
                }

                i++;
            }

            if (i >= line.Length)
            {
                return false;
            }

            end = i + 1;
            return true;
        }
    }
}
