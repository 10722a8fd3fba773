using System.Globalization;
using System.Text;

namespace Kinodialog.Core.Subtitles;

/// <summary>
/// Parses WebVTT text with the W3C "WebVTT parser algorithm" (https://www.w3.org/TR/webvtt1/#file-parsing),
/// including its error recovery, and reports what it had to skip or ignore with line numbers.
/// </summary>
public static class WebVttParser
{
    /// <summary>Parses a whole file. Never throws for any text; a file without the signature is rejected.</summary>
    public static SubtitleParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Run(Preprocess(text)).Execute();
    }

    /// <summary>The spec's preprocessing: drop a leading BOM, NUL → U+FFFD, CRLF and lone CR → LF.</summary>
    internal static string Preprocess(string text)
    {
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var builder = new StringBuilder(text.Length);
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\0':
                    builder.Append('\uFFFD');
                    break;
                case '\r':
                    builder.Append('\n');
                    if (i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }

    private sealed class CueBuilder
    {
        public string Id { get; set; } = "";

        public double StartTime { get; set; }

        public double EndTime { get; set; }

        public string Vertical { get; set; } = "";

        public bool SnapToLines { get; set; } = true;

        public double? Line { get; set; }

        public string LineAlign { get; set; } = "start";

        public double? Position { get; set; }

        public string PositionAlign { get; set; } = "auto";

        public double Size { get; set; } = 100;

        public string Align { get; set; } = "center";

        public SubtitleRegion? Region { get; set; }

        public int LineNumber { get; set; }

        public SubtitleCue ToCue(string text) => new()
        {
            Id = Id,
            StartTime = StartTime,
            EndTime = EndTime,
            Text = text,
            Vertical = Vertical,
            SnapToLines = SnapToLines,
            Line = Line,
            LineAlign = LineAlign,
            Position = Position,
            PositionAlign = PositionAlign,
            Size = Size,
            Align = Align,
            Region = Region,
            LineNumber = LineNumber,
        };
    }

    private sealed class Run(string input)
    {
        private readonly List<SubtitleCue> _cues = [];
        private readonly List<SubtitleRegion> _regions = [];
        private readonly List<string> _styles = [];
        private readonly List<SubtitleIssue> _errors = [];
        private readonly List<SubtitleIssue> _warnings = [];
        private readonly int[] _lineStarts = LineStarts(input);
        private int _position;
        private bool _seenCue;

        public SubtitleParseResult Execute()
        {
            if (!HasSignature(input))
            {
                return SubtitleParseResult.Rejected(SignatureError(input));
            }

            CollectLine();
            if (_position < input.Length)
            {
                _position++; // the LF ending the signature line
                if (_position < input.Length)
                {
                    if (input[_position] != '\n')
                    {
                        CollectBlock(inHeader: true);
                    }
                    else
                    {
                        _position++;
                    }

                    SkipLineFeeds();
                    while (_position < input.Length)
                    {
                        CollectBlock(inHeader: false);
                        SkipLineFeeds();
                    }
                }
            }

            return new SubtitleParseResult(new SubtitleDocument(_cues, _regions, _styles), _errors, _warnings, false);
        }

        private static bool HasSignature(string input) =>
            input.StartsWith("WEBVTT", StringComparison.Ordinal) && (input.Length == 6 || input[6] is ' ' or '\t' or '\n');

        private static SubtitleIssue SignatureError(string input)
        {
            var end = input.IndexOf('\n', StringComparison.Ordinal);
            var firstLine = end < 0 ? input : input[..end];
            if (input.Length == 0)
            {
                return SubtitleIssue.Create(1, SubtitleIssueCodes.SignatureMissing,
                    "The file is empty. A WebVTT file must start with the line \"WEBVTT\".", "");
            }

            var quoted = SubtitleText.Quote(firstLine);
            var detail = firstLine.StartsWith("WEBVTT", StringComparison.Ordinal)
                ? "\"WEBVTT\" must be followed by a space, a tab or the end of the line"
                : firstLine.StartsWith("WEBVTT", StringComparison.OrdinalIgnoreCase)
                    ? "\"WEBVTT\" must be written in capital letters"
                    : "it is neither WebVTT (which starts with \"WEBVTT\") nor SRT (numbered cues with timings)";
            return SubtitleIssue.Create(1, SubtitleIssueCodes.SignatureMissing,
                $"The file does not start with the WebVTT signature: the first line is \"{quoted}\", and {detail}.", quoted);
        }

        private static int[] LineStarts(string text)
        {
            var starts = new List<int> { 0 };
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    starts.Add(i + 1);
                }
            }

            return [.. starts];
        }

        private int LineAt(int position)
        {
            var index = Array.BinarySearch(_lineStarts, position);
            return (index >= 0 ? index : ~index - 1) + 1;
        }

        private string CollectLine()
        {
            var start = _position;
            var end = input.IndexOf('\n', start);
            _position = end < 0 ? input.Length : end;
            return input[start.._position];
        }

        private void SkipLineFeeds()
        {
            while (_position < input.Length && input[_position] == '\n')
            {
                _position++;
            }
        }

        /// <summary>The spec's "collect a WebVTT block", adding what it finds to the results.</summary>
        private void CollectBlock(bool inHeader)
        {
            var lineCount = 0;
            var previousPosition = _position;
            var buffer = new List<(int Line, string Text)>();
            var seenArrow = false;
            var timingFailed = false;
            CueBuilder? cue = null;
            var isStyle = false;
            var isRegion = false;
            var blockStartLine = LineAt(_position);
            string? firstLine = null;

            while (true)
            {
                var lineNumber = LineAt(_position);
                var line = CollectLine();
                firstLine ??= line;
                lineCount++;
                var seenEof = _position >= input.Length;
                if (!seenEof)
                {
                    _position++;
                }

                if (line.Contains("-->", StringComparison.Ordinal))
                {
                    if (!inHeader && (lineCount == 1 || (lineCount == 2 && !seenArrow)))
                    {
                        seenArrow = true;
                        previousPosition = _position;
                        cue = new CueBuilder { Id = buffer.Count > 0 ? buffer[0].Text : "", LineNumber = blockStartLine };
                        if (TryCollectTimingsAndSettings(line, lineNumber, cue))
                        {
                            buffer.Clear();
                            _seenCue = true;
                        }
                        else
                        {
                            cue = null;
                            timingFailed = true;
                        }
                    }
                    else
                    {
                        if (cue is not null)
                        {
                            _warnings.Add(SubtitleIssue.Create(lineNumber, SubtitleIssueCodes.CueArrowInText,
                                $"Line {lineNumber} contains \"-->\", so the cue that starts at line {blockStartLine} ends before it; a blank line is probably missing.",
                                SubtitleText.Number(lineNumber), SubtitleText.Number(blockStartLine)));
                        }

                        _position = previousPosition;
                        break;
                    }
                }
                else if (line.Length == 0)
                {
                    break;
                }
                else
                {
                    if (!inHeader && lineCount == 2 && !_seenCue && buffer.Count > 0)
                    {
                        if (IsKeywordLine(buffer[0].Text, "STYLE"))
                        {
                            isStyle = true;
                            buffer.Clear();
                        }
                        else if (IsKeywordLine(buffer[0].Text, "REGION"))
                        {
                            isRegion = true;
                            buffer.Clear();
                        }
                    }

                    buffer.Add((lineNumber, line));
                    previousPosition = _position;
                }

                if (seenEof)
                {
                    break;
                }
            }

            var text = string.Join('\n', buffer.Select(b => b.Text));
            if (cue is not null)
            {
                var result = cue.ToCue(text);
                if (result.EndTime < result.StartTime)
                {
                    _warnings.Add(SubtitleIssue.Create(cue.LineNumber, SubtitleIssueCodes.CueEndBeforeStart,
                        $"The cue at line {cue.LineNumber} ends ({SubtitleText.Time(result.EndTime)}) before it starts ({SubtitleText.Time(result.StartTime)}), so it is never shown.",
                        SubtitleText.Number(cue.LineNumber), SubtitleText.Time(result.StartTime), SubtitleText.Time(result.EndTime)));
                }

                _cues.Add(result);
            }
            else if (isStyle)
            {
                _styles.Add(text);
            }
            else if (isRegion)
            {
                _regions.Add(CollectRegionSettings(buffer, blockStartLine));
            }
            else if (!inHeader && !timingFailed && firstLine is not null)
            {
                var lookalike = buffer.FirstOrDefault(b => LooksLikeTimingWithWrongArrow(b.Text));
                if (lookalike.Text is not null)
                {
                    TimingError(lookalike.Text, lookalike.Line, "the start and end times must be separated by \"-->\"");
                }
                else
                {
                    ReportIgnoredBlock(firstLine, blockStartLine);
                }
            }
        }

        /// <summary>"00:01.000 -> 00:02.000", "00:01.000 — 00:02.000": meant as a timing line, so the uploader gets a timing error.</summary>
        private static bool LooksLikeTimingWithWrongArrow(string line)
        {
            var position = 0;
            SkipWhitespace(line, ref position);
            if (!WebVttTimestamp.TryCollect(line, ref position, out _, out _))
            {
                return false;
            }

            var rest = line.AsSpan(position).TrimStart(" \t");
            return rest.Length > 0 && rest[0] is '-' or '=' or '>' or '\u2013' or '\u2014' or '\u2192';
        }

        private void ReportIgnoredBlock(string firstLine, int line)
        {
            if (IsKeywordLine(firstLine, "NOTE", allowText: true))
            {
                return;
            }

            foreach (var keyword in (string[])["STYLE", "REGION"])
            {
                if (IsKeywordLine(firstLine, keyword) && _seenCue)
                {
                    _warnings.Add(SubtitleIssue.Create(line, SubtitleIssueCodes.BlockMisplaced,
                        $"The {keyword} block at line {line} comes after the first cue and was ignored; {keyword} blocks must come before all cues.",
                        keyword, SubtitleText.Number(line)));
                    return;
                }
            }

            var quoted = SubtitleText.Quote(firstLine);
            _warnings.Add(SubtitleIssue.Create(line, SubtitleIssueCodes.BlockIgnored,
                $"The block at line {line} (\"{quoted}\") has no cue timing line and was ignored.",
                SubtitleText.Number(line), quoted));
        }

        /// <summary>"STYLE", "REGION" (followed only by whitespace) or "NOTE" (followed by whitespace and any text).</summary>
        private static bool IsKeywordLine(string line, string keyword, bool allowText = false)
        {
            if (!line.StartsWith(keyword, StringComparison.Ordinal))
            {
                return false;
            }

            var rest = line.AsSpan(keyword.Length);
            return allowText ? rest.Length == 0 || rest[0] is ' ' or '\t' : IsAsciiWhitespace(rest);
        }

        private static bool IsAsciiWhitespace(ReadOnlySpan<char> text)
        {
            foreach (var c in text)
            {
                if (c is not (' ' or '\t' or '\n' or '\f' or '\r'))
                {
                    return false;
                }
            }

            return true;
        }

        private bool TryCollectTimingsAndSettings(string line, int lineNumber, CueBuilder cue)
        {
            var position = 0;
            SkipWhitespace(line, ref position);
            if (!WebVttTimestamp.TryCollect(line, ref position, out var start, out var reason))
            {
                return TimingError(line, lineNumber, $"the start time is invalid: {reason}");
            }

            cue.StartTime = start;
            SkipWhitespace(line, ref position);
            if (string.CompareOrdinal(line, position, "-->", 0, 3) != 0)
            {
                return TimingError(line, lineNumber, "the start time must be followed by \"-->\"");
            }

            position += 3;
            SkipWhitespace(line, ref position);
            if (!WebVttTimestamp.TryCollect(line, ref position, out var end, out reason))
            {
                return TimingError(line, lineNumber, $"the end time is invalid: {reason}");
            }

            cue.EndTime = end;
            ParseCueSettings(line[position..], lineNumber, cue);
            return true;
        }

        private bool TimingError(string line, int lineNumber, string reason)
        {
            var quoted = SubtitleText.Quote(line);
            _errors.Add(SubtitleIssue.Create(lineNumber, SubtitleIssueCodes.TimingMalformed,
                $"The cue timing at line {lineNumber} (\"{quoted}\") is malformed: {reason}. The cue was skipped.",
                SubtitleText.Number(lineNumber), quoted, reason));
            return false;
        }

        private static void SkipWhitespace(string text, ref int position)
        {
            while (position < text.Length && text[position] is ' ' or '\t' or '\n' or '\f' or '\r')
            {
                position++;
            }
        }

        private static string[] SplitOnSpaces(string text) =>
            text.Split([' ', '\t', '\n', '\f', '\r'], StringSplitOptions.RemoveEmptyEntries);

        private void ParseCueSettings(string remainder, int lineNumber, CueBuilder cue)
        {
            string? regionSetting = null;
            foreach (var setting in SplitOnSpaces(remainder))
            {
                var colon = setting.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0 || colon == setting.Length - 1)
                {
                    InvalidSetting(lineNumber, setting, "a setting is written name:value");
                    continue;
                }

                var name = setting[..colon];
                var value = setting[(colon + 1)..];
                switch (name)
                {
                    case "region":
                        regionSetting = setting;
                        cue.Region = _regions.LastOrDefault(r => string.Equals(r.Id, value, StringComparison.Ordinal));
                        if (cue.Region is null)
                        {
                            _warnings.Add(SubtitleIssue.Create(lineNumber, SubtitleIssueCodes.RegionUnknown,
                                $"Line {lineNumber}: no REGION block before the cues defines the region \"{value}\"; the cue is shown outside any region.",
                                SubtitleText.Number(lineNumber), value));
                        }

                        break;
                    case "vertical":
                        if (value is "rl" or "lr")
                        {
                            cue.Vertical = value;
                        }
                        else
                        {
                            InvalidSetting(lineNumber, setting, "vertical must be rl or lr");
                        }

                        break;
                    case "line":
                        ParseLineSetting(value, setting, lineNumber, cue);
                        break;
                    case "position":
                        ParsePositionSetting(value, setting, lineNumber, cue);
                        break;
                    case "size":
                        if (TryParsePercentage(value, out var size))
                        {
                            cue.Size = size;
                        }
                        else
                        {
                            InvalidSetting(lineNumber, setting, "size must be a percentage from 0% to 100%");
                        }

                        break;
                    case "align":
                        if (value is "start" or "center" or "end" or "left" or "right")
                        {
                            cue.Align = value;
                        }
                        else
                        {
                            InvalidSetting(lineNumber, setting, "align must be start, center, end, left or right");
                        }

                        break;
                    default:
                        _warnings.Add(SubtitleIssue.Create(lineNumber, SubtitleIssueCodes.SettingUnknown,
                            $"Line {lineNumber}: the cue setting \"{setting}\" is not known (settings are vertical, line, position, size, align and region) and was ignored.",
                            SubtitleText.Number(lineNumber), setting));
                        break;
                }
            }

            // Regions are horizontal and size themselves: a cue placed by vertical, line or size leaves its region.
            if (cue.Region is not null)
            {
                var reason = cue.Vertical.Length > 0 ? "vertical" : cue.Line is not null ? "line" : cue.Size != 100 ? "size" : null;
                if (reason is not null)
                {
                    cue.Region = null;
                    _warnings.Add(SubtitleIssue.Create(lineNumber, SubtitleIssueCodes.SettingRegionDropped,
                        $"Line {lineNumber}: the setting \"{regionSetting}\" was ignored because the cue also has a {reason} setting, which cannot be used inside a region.",
                        SubtitleText.Number(lineNumber), regionSetting ?? "", reason));
                }
            }
        }

        private void InvalidSetting(int lineNumber, string setting, string reason) =>
            _warnings.Add(SubtitleIssue.Create(lineNumber, SubtitleIssueCodes.SettingInvalid,
                $"Line {lineNumber}: the cue setting \"{setting}\" is invalid ({reason}) and was ignored.",
                SubtitleText.Number(lineNumber), setting, reason));

        private void ParseLineSetting(string value, string setting, int lineNumber, CueBuilder cue)
        {
            const string Expected = "line must be a number of lines or a percentage, optionally followed by ,start ,center or ,end";
            var comma = value.IndexOf(',', StringComparison.Ordinal);
            var linePosition = comma < 0 ? value : value[..comma];
            var lineAlign = comma < 0 ? null : value[(comma + 1)..];
            if (!linePosition.Any(WebVttTimestamp.IsDigit))
            {
                InvalidSetting(lineNumber, setting, Expected);
                return;
            }

            var isPercentage = linePosition.EndsWith('%');
            double number;
            if (isPercentage)
            {
                if (!TryParsePercentage(linePosition, out number))
                {
                    InvalidSetting(lineNumber, setting, Expected);
                    return;
                }
            }
            else if (!TryParseLineNumber(linePosition, out number))
            {
                InvalidSetting(lineNumber, setting, Expected);
                return;
            }

            if (lineAlign is not (null or "start" or "center" or "end"))
            {
                InvalidSetting(lineNumber, setting, Expected);
                return;
            }

            if (lineAlign is not null)
            {
                cue.LineAlign = lineAlign;
            }

            cue.Line = number;
            cue.SnapToLines = !isPercentage;
        }

        private void ParsePositionSetting(string value, string setting, int lineNumber, CueBuilder cue)
        {
            const string Expected = "position must be a percentage from 0% to 100%, optionally followed by ,line-left ,center or ,line-right";
            var comma = value.IndexOf(',', StringComparison.Ordinal);
            var columnPosition = comma < 0 ? value : value[..comma];
            var columnAlign = comma < 0 ? null : value[(comma + 1)..];
            if (!TryParsePercentage(columnPosition, out var number) || columnAlign is not (null or "line-left" or "center" or "line-right"))
            {
                InvalidSetting(lineNumber, setting, Expected);
                return;
            }

            if (columnAlign is not null)
            {
                cue.PositionAlign = columnAlign;
            }

            cue.Position = number;
        }

        /// <summary>The line setting's number form: digits with an optional leading '-' and at most one '.' between digits.</summary>
        private static bool TryParseLineNumber(string text, out double number)
        {
            number = 0;
            var dot = text.IndexOf('.', StringComparison.Ordinal);
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                var ok = WebVttTimestamp.IsDigit(c) || (c == '-' && i == 0) || (c == '.' && i == dot);
                if (!ok)
                {
                    return false;
                }
            }

            if (dot >= 0 && (dot == 0 || dot == text.Length - 1 || !WebVttTimestamp.IsDigit(text[dot - 1]) || !WebVttTimestamp.IsDigit(text[dot + 1])))
            {
                return false;
            }

            return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number)
                && double.IsFinite(number);
        }

        /// <summary>"Parse a percentage string": digits, optionally '.' and digits, then '%'; 0 to 100.</summary>
        internal static bool TryParsePercentage(string text, out double percentage)
        {
            percentage = 0;
            if (text.Length < 2 || text[^1] != '%')
            {
                return false;
            }

            var number = text.AsSpan(0, text.Length - 1);
            var dot = number.IndexOf('.');
            var integer = dot < 0 ? number : number[..dot];
            var fraction = dot < 0 ? [] : number[(dot + 1)..];
            if (integer.Length == 0 || !AllDigits(integer) || (dot >= 0 && (fraction.Length == 0 || !AllDigits(fraction))))
            {
                return false;
            }

            return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out percentage)
                && percentage is >= 0 and <= 100;
        }

        private static bool AllDigits(ReadOnlySpan<char> text)
        {
            foreach (var c in text)
            {
                if (!WebVttTimestamp.IsDigit(c))
                {
                    return false;
                }
            }

            return true;
        }

        private SubtitleRegion CollectRegionSettings(List<(int Line, string Text)> lines, int blockLine)
        {
            var region = new SubtitleRegion();
            foreach (var (lineNumber, text) in lines)
            {
                foreach (var setting in SplitOnSpaces(text))
                {
                    region = ApplyRegionSetting(region, setting, lineNumber);
                }
            }

            if (region.Id.Length == 0)
            {
                _warnings.Add(SubtitleIssue.Create(blockLine, SubtitleIssueCodes.RegionIdMissing,
                    $"The REGION block at line {blockLine} has no id (id:name), so no cue can be placed in it.",
                    SubtitleText.Number(blockLine)));
            }
            else if (_regions.Any(r => string.Equals(r.Id, region.Id, StringComparison.Ordinal)))
            {
                _warnings.Add(SubtitleIssue.Create(blockLine, SubtitleIssueCodes.RegionIdDuplicate,
                    $"The REGION block at line {blockLine} reuses the id \"{region.Id}\"; cues use this later definition.",
                    SubtitleText.Number(blockLine), region.Id));
            }

            return region;
        }

        private SubtitleRegion ApplyRegionSetting(SubtitleRegion region, string setting, int lineNumber)
        {
            var colon = setting.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == setting.Length - 1)
            {
                return InvalidRegionSetting(region, lineNumber, setting, "a setting is written name:value");
            }

            var name = setting[..colon];
            var value = setting[(colon + 1)..];
            switch (name)
            {
                case "id":
                    return region with { Id = value };
                case "width":
                    return TryParsePercentage(value, out var width)
                        ? region with { Width = width }
                        : InvalidRegionSetting(region, lineNumber, setting, "width must be a percentage from 0% to 100%");
                case "lines":
                    return AllDigits(value) && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var lines)
                        ? region with { Lines = lines }
                        : InvalidRegionSetting(region, lineNumber, setting, "lines must be a whole number");
                case "regionanchor":
                    return TryParseAnchor(value, out var rx, out var ry)
                        ? region with { RegionAnchorX = rx, RegionAnchorY = ry }
                        : InvalidRegionSetting(region, lineNumber, setting, "regionanchor must be two percentages, e.g. 0%,100%");
                case "viewportanchor":
                    return TryParseAnchor(value, out var vx, out var vy)
                        ? region with { ViewportAnchorX = vx, ViewportAnchorY = vy }
                        : InvalidRegionSetting(region, lineNumber, setting, "viewportanchor must be two percentages, e.g. 10%,90%");
                case "scroll":
                    return value == "up"
                        ? region with { Scroll = "up" }
                        : InvalidRegionSetting(region, lineNumber, setting, "scroll can only be up");
                default:
                    _warnings.Add(SubtitleIssue.Create(lineNumber, SubtitleIssueCodes.RegionSettingUnknown,
                        $"Line {lineNumber}: the region setting \"{setting}\" is not known (settings are id, width, lines, regionanchor, viewportanchor and scroll) and was ignored.",
                        SubtitleText.Number(lineNumber), setting));
                    return region;
            }
        }

        private SubtitleRegion InvalidRegionSetting(SubtitleRegion region, int lineNumber, string setting, string reason)
        {
            _warnings.Add(SubtitleIssue.Create(lineNumber, SubtitleIssueCodes.RegionSettingInvalid,
                $"Line {lineNumber}: the region setting \"{setting}\" is invalid ({reason}) and was ignored.",
                SubtitleText.Number(lineNumber), setting, reason));
            return region;
        }

        private static bool TryParseAnchor(string value, out double x, out double y)
        {
            x = 0;
            y = 0;
            var comma = value.IndexOf(',', StringComparison.Ordinal);
            return comma >= 0 && TryParsePercentage(value[..comma], out x) && TryParsePercentage(value[(comma + 1)..], out y);
        }
    }
}
