using FsCheck;
using FsCheck.Fluent;
using Kinodialog.Core.Subtitles;

namespace Kinodialog.Core.Tests.Subtitles;

/// <summary>FsCheck generators for subtitle documents that WebVTT can express, and for hostile text.</summary>
internal static class SubtitleGenerators
{
    private const string IdChars = "abcXYZ019 -_>.:&<Աբжə";
    private const string TextChars = "abc XYZ 019 ,.!?'\"-—>/<&;:#%\tԱբգжяəğ😀";
    private const string CssChars = "::cue(b){color:red;}/* */ .x#y";

    public static Config Config { get; } = Config.QuickThrowOnFailure.WithMaxTest(300);

    public static Gen<string> StringFrom(string alphabet, int min, int max)
    {
        var elements = Gen.Elements(alphabet.EnumerateRunes().Select(r => r.ToString()).ToArray());
        return from length in Gen.Choose(min, max)
               from parts in Gen.ArrayOf(elements, length)
               select string.Concat(parts);
    }

    /// <summary>Percentages as WebVTT writes them, including values that .NET would print with an exponent.</summary>
    public static Gen<double> Percentage { get; } = Gen.OneOf(
        Gen.Choose(0, 100_000).Select(k => k / 1000.0),
        Gen.Elements(0.0, 100.0, 1e-5, 33.333333333333336, 99.99999999999999, 5e-324));

    private static Gen<double> LineNumber { get; } = Gen.OneOf(
        Gen.Choose(-20, 20).Select(i => (double)i),
        Gen.Choose(-20_000, 20_000).Select(k => k / 1000.0));

    private static Gen<string> Id { get; } = StringFrom(IdChars, 1, 12).Where(s => !s.Contains("-->", StringComparison.Ordinal));

    private static Gen<string> Text { get; } =
        from count in Gen.Choose(0, 3)
        from lines in Gen.ArrayOf(StringFrom(TextChars, 1, 30).Where(l => !l.Contains("-->", StringComparison.Ordinal)), count)
        select string.Join('\n', lines);

    private static Gen<(double? Line, bool Snap, string Align)> Line { get; } = Gen.Frequency(
        (2, Gen.Constant<(double?, bool, string)>((null, true, "start"))),
        (1, from n in LineNumber from a in Gen.Elements("start", "center", "end") select ((double?)n, true, a)),
        (1, from p in Percentage from a in Gen.Elements("start", "center", "end") select ((double?)p, false, a)));

    private static Gen<(double? Position, string Align)> Position { get; } = Gen.Frequency(
        (2, Gen.Constant<(double?, string)>((null, "auto"))),
        (1, from p in Percentage from a in Gen.Elements("auto", "line-left", "center", "line-right") select ((double?)p, a)));

    public static Gen<SubtitleCue> Cue { get; } =
        from id in Gen.Frequency((2, Gen.Constant("")), (1, Id))
        from startMs in Gen.Choose(0, 36_000_000)
        from durationMs in Gen.Choose(-500, 8_000)
        from text in Text
        from vertical in Gen.Elements("", "rl", "lr")
        from line in Line
        from position in Position
        from size in Gen.Frequency((2, Gen.Constant(100.0)), (1, Percentage))
        from align in Gen.Elements("start", "center", "end", "left", "right")
        select new SubtitleCue
        {
            Id = id,
            StartTime = startMs / 1000.0,
            EndTime = Math.Max(0, startMs + durationMs) / 1000.0,
            Text = text,
            Vertical = vertical,
            Line = line.Line,
            SnapToLines = line.Snap,
            LineAlign = line.Align,
            Position = position.Position,
            PositionAlign = position.Align,
            Size = size,
            Align = align,
        };

    private static Gen<SubtitleRegion> Region { get; } =
        from id in StringFrom("abcxyz019-_", 1, 6)
        from width in Percentage
        from lines in Gen.Choose(0, 20)
        from anchors in Gen.ArrayOf(Percentage, 4)
        from scroll in Gen.Elements("", "up")
        select new SubtitleRegion
        {
            Id = id,
            Width = width,
            Lines = lines,
            RegionAnchorX = anchors[0],
            RegionAnchorY = anchors[1],
            ViewportAnchorX = anchors[2],
            ViewportAnchorY = anchors[3],
            Scroll = scroll,
        };

    private static Gen<string> Style { get; } =
        from count in Gen.Choose(1, 3)
        from lines in Gen.ArrayOf(StringFrom(CssChars, 1, 20), count)
        select string.Join('\n', lines);

    /// <summary>Documents whose every cue WebVTT can express (a cue in a region has no vertical, line or size).</summary>
    public static Gen<SubtitleDocument> Document { get; } =
        from regionCount in Gen.Choose(0, 3)
        from regions in Gen.ArrayOf(Region, regionCount)
        from styleCount in Gen.Choose(0, 2)
        from styles in Gen.ArrayOf(Style, styleCount)
        from cueCount in Gen.Choose(0, 12)
        from cues in Gen.ArrayOf(Cue, cueCount)
        from picks in Gen.ArrayOf(Gen.Choose(-1, regionCount - 1), cueCount)
        select BuildDocument(regions, styles, cues, picks);

    private static SubtitleDocument BuildDocument(SubtitleRegion[] regions, string[] styles, SubtitleCue[] cues, int[] picks)
    {
        var uniqueRegions = regions.Select((r, i) => r with { Id = r.Id + i.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToArray();
        var placed = cues.Select((cue, i) =>
            picks[i] >= 0 && cue is { Vertical: "", Line: null, Size: 100 } ? cue with { Region = uniqueRegions[picks[i]] } : cue).ToArray();
        return new SubtitleDocument(placed, uniqueRegions, styles);
    }

    /// <summary>Text made of the pieces that drive the parsers' branches, in any order.</summary>
    public static Gen<string> HostileText { get; } =
        from pieces in Gen.ListOf(Gen.Elements(
            "WEBVTT", "WEBVTT ", "\n", "\n", "\n\n", "\r", "\r\n", "\0", "\uFEFF", "-->", " --> ", "->", "00:01.000", "00:00:02,500",
            "01:02:03.004", "99:", "1", "12", ":", ".", ",", "%", "-", " ", "\t", "\f", "NOTE", "STYLE", "REGION", "id:r", "region:r",
            "line:", "line:-1", "50%", ",end", "position:", "size:", "align:", "vertical:rl", "width:", "lines:", "regionanchor:",
            "viewportanchor:", "scroll:up", "<", ">", "</", "<v", "<c.", "<ruby>", "<rt>", "<lang", "&", "&#", "&#x", "&amp;", "&nbsp",
            ";", "{\\an8}", "<font color=red>", "<i>", "</i>", "x", "Աբ", "😀", "\uD800"))
        select string.Concat(pieces);
}
