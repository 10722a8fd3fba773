namespace Kinodialog.Core.Subtitles;

/// <summary>
/// One cue, mirroring the browser's <c>VTTCue</c>. Times are in seconds. <see cref="Text"/> is the raw
/// WebVTT cue text (tags and character references as written; see <see cref="WebVttCueText"/>).
/// </summary>
public sealed record SubtitleCue
{
    /// <summary>The cue identifier; empty when the cue has none.</summary>
    public string Id { get; init; } = "";

    public double StartTime { get; init; }

    public double EndTime { get; init; }

    /// <summary>Raw WebVTT cue text; lines are separated by "\n".</summary>
    public string Text { get; init; } = "";

    /// <summary>"" (horizontal), "rl" or "lr".</summary>
    public string Vertical { get; init; } = "";

    /// <summary>True when <see cref="Line"/> counts lines, false when it is a percentage.</summary>
    public bool SnapToLines { get; init; } = true;

    /// <summary>The line position; null means "auto".</summary>
    public double? Line { get; init; }

    /// <summary>"start", "center" or "end".</summary>
    public string LineAlign { get; init; } = "start";

    /// <summary>The position as a percentage; null means "auto".</summary>
    public double? Position { get; init; }

    /// <summary>"line-left", "center", "line-right" or "auto".</summary>
    public string PositionAlign { get; init; } = "auto";

    /// <summary>The size as a percentage of the video.</summary>
    public double Size { get; init; } = 100;

    /// <summary>"start", "center", "end", "left" or "right".</summary>
    public string Align { get; init; } = "center";

    /// <summary>The region the cue is shown in, or null.</summary>
    public SubtitleRegion? Region { get; init; }

    /// <summary>The 1-based line of the file where the cue's block starts (identifier or timing line).</summary>
    public int LineNumber { get; init; }
}

/// <summary>A WebVTT region, mirroring the browser's <c>VTTRegion</c>. Sizes and anchors are percentages.</summary>
public sealed record SubtitleRegion
{
    public string Id { get; init; } = "";

    public double Width { get; init; } = 100;

    public int Lines { get; init; } = 3;

    public double RegionAnchorX { get; init; }

    public double RegionAnchorY { get; init; } = 100;

    public double ViewportAnchorX { get; init; }

    public double ViewportAnchorY { get; init; } = 100;

    /// <summary>"" (none) or "up".</summary>
    public string Scroll { get; init; } = "";
}

/// <summary>The content of a subtitle file: cues in file order, regions, and style sheets (kept as text).</summary>
public sealed record SubtitleDocument(
    IReadOnlyList<SubtitleCue> Cues,
    IReadOnlyList<SubtitleRegion> Regions,
    IReadOnlyList<string> Styles)
{
    public static SubtitleDocument Empty { get; } = new([], [], []);
}

/// <summary>
/// What a parser made of a file: the document, errors (content was lost or the file was rejected) and
/// warnings (the file was understood but something should be fixed). <see cref="IsRejected"/> is true when
/// nothing usable came out (undecodable bytes or a missing WebVTT signature).
/// </summary>
public sealed record SubtitleParseResult(
    SubtitleDocument Document,
    IReadOnlyList<SubtitleIssue> Errors,
    IReadOnlyList<SubtitleIssue> Warnings,
    bool IsRejected)
{
    internal static SubtitleParseResult Rejected(SubtitleIssue error) => new(SubtitleDocument.Empty, [error], [], true);
}
