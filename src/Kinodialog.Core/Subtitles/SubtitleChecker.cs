using System.Globalization;

namespace Kinodialog.Core.Subtitles;

/// <summary>
/// Timing and readability checks run on upload. Everything found is a warning: the file is still accepted.
/// </summary>
public static class SubtitleChecker
{
    /// <summary>The fastest comfortable reading speed, in characters per second (line breaks not counted).</summary>
    public const double MaxCharactersPerSecond = 21;

    /// <summary>The longest comfortable line, in characters.</summary>
    public const int MaxLineLength = 42;

    /// <summary>Times closer than this (in seconds) count as equal: cues that touch do not overlap.</summary>
    public const double TimeTolerance = 0.0005;

    /// <summary>Checks cues in file order; <paramref name="filmDurationSeconds"/> is null when the film's length is unknown.</summary>
    public static IReadOnlyList<SubtitleIssue> Check(IReadOnlyList<SubtitleCue> cues, double? filmDurationSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(cues);
        var warnings = new List<SubtitleIssue>();
        CheckOrder(cues, warnings);
        CheckOverlaps(cues, warnings);
        foreach (var cue in cues)
        {
            if (filmDurationSeconds is { } duration && cue.EndTime > duration + TimeTolerance)
            {
                warnings.Add(SubtitleIssue.Create(cue.LineNumber, SubtitleIssueCodes.CueAfterFilmEnd,
                    $"The cue at line {cue.LineNumber} ends at {SubtitleText.Time(cue.EndTime)}, after the end of the film ({SubtitleText.Time(duration)}).",
                    SubtitleText.Number(cue.LineNumber), SubtitleText.Time(cue.EndTime), SubtitleText.Time(duration)));
            }

            CheckText(cue, warnings);
        }

        return [.. warnings.OrderBy(w => w.Line)];
    }

    private static void CheckOrder(IReadOnlyList<SubtitleCue> cues, List<SubtitleIssue> warnings)
    {
        for (var i = 1; i < cues.Count; i++)
        {
            var (previous, cue) = (cues[i - 1], cues[i]);
            if (cue.StartTime < previous.StartTime - TimeTolerance)
            {
                warnings.Add(SubtitleIssue.Create(cue.LineNumber, SubtitleIssueCodes.CueOutOfOrder,
                    $"The cue at line {cue.LineNumber} starts at {SubtitleText.Time(cue.StartTime)}, before the cue above it (line {previous.LineNumber}, {SubtitleText.Time(previous.StartTime)}): cues are out of order.",
                    SubtitleText.Number(cue.LineNumber), SubtitleText.Time(cue.StartTime), SubtitleText.Number(previous.LineNumber), SubtitleText.Time(previous.StartTime)));
            }
        }
    }

    /// <summary>In start-time order, each cue is compared with the earlier cue that ends last.</summary>
    private static void CheckOverlaps(IReadOnlyList<SubtitleCue> cues, List<SubtitleIssue> warnings)
    {
        SubtitleCue? latest = null;
        foreach (var cue in cues.Where(c => c.EndTime > c.StartTime).OrderBy(c => c.StartTime).ThenBy(c => c.EndTime))
        {
            if (latest is not null && cue.StartTime < latest.EndTime - TimeTolerance)
            {
                warnings.Add(SubtitleIssue.Create(cue.LineNumber, SubtitleIssueCodes.CueOverlap,
                    $"The cue at line {cue.LineNumber} starts at {SubtitleText.Time(cue.StartTime)} while the cue at line {latest.LineNumber} is still shown (until {SubtitleText.Time(latest.EndTime)}).",
                    SubtitleText.Number(cue.LineNumber), SubtitleText.Time(cue.StartTime), SubtitleText.Number(latest.LineNumber), SubtitleText.Time(latest.EndTime)));
            }

            if (latest is null || cue.EndTime > latest.EndTime)
            {
                latest = cue;
            }
        }
    }

    private static void CheckText(SubtitleCue cue, List<SubtitleIssue> warnings)
    {
        var lines = WebVttCueText.Parse(cue.Text).ToPlainText().Split('\n');
        var characters = lines.Sum(CountCharacters);
        var duration = cue.EndTime - cue.StartTime;
        if (duration > 0 && characters / duration > MaxCharactersPerSecond + 1e-9)
        {
            var speed = (characters / duration).ToString("0.0", CultureInfo.InvariantCulture);
            warnings.Add(SubtitleIssue.Create(cue.LineNumber, SubtitleIssueCodes.CueReadingSpeed,
                $"The cue at line {cue.LineNumber} has {characters} characters for {SubtitleText.Number(duration)} s, {speed} characters per second; more than {SubtitleText.Number(MaxCharactersPerSecond)} is hard to read.",
                SubtitleText.Number(cue.LineNumber), SubtitleText.Number(characters), SubtitleText.Number(duration), speed, SubtitleText.Number(MaxCharactersPerSecond)));
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var length = CountCharacters(lines[i].Trim());
            if (length > MaxLineLength)
            {
                warnings.Add(SubtitleIssue.Create(cue.LineNumber, SubtitleIssueCodes.CueLineTooLong,
                    $"Line {i + 1} of the cue at line {cue.LineNumber} has {length} characters; more than {MaxLineLength} is hard to read.",
                    SubtitleText.Number(i + 1), SubtitleText.Number(cue.LineNumber), SubtitleText.Number(length), SubtitleText.Number(MaxLineLength)));
            }
        }
    }

    /// <summary>User-perceived characters (a letter with a combining accent counts once).</summary>
    private static int CountCharacters(string text) => new StringInfo(text).LengthInTextElements;
}
