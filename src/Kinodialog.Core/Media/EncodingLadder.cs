namespace Kinodialog.Core.Media;

/// <summary>The renditions Kinodialog encodes every film into, smallest first.</summary>
public static class EncodingLadder
{
    /// <summary>240p at ~0.3 Mb/s: the fallback for the weakest connections.</summary>
    public static Rendition Low { get; } = new("240p", 240, 300, 64);

    /// <summary>360p at ~0.7 Mb/s: what the audience side plays by default.</summary>
    public static Rendition Default { get; } = new("360p", 360, 700, 96);

    /// <summary>720p at ~2.5 Mb/s: for projectors and good connections.</summary>
    public static Rendition High { get; } = new("720p", 720, 2500, 128);

    /// <summary>Every rung, smallest first.</summary>
    public static IReadOnlyList<Rendition> Rungs { get; } = [Low, Default, High];

    /// <summary>
    /// The rungs worth encoding for a source of the given (displayed) height: a rung taller than the
    /// source is skipped, since upscaling only spends bandwidth; the smallest rung is always produced.
    /// </summary>
    public static IReadOnlyList<Rendition> For(int sourceHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceHeight);
        var selected = Rungs.Where(r => r.Height <= sourceHeight).ToList();
        if (selected.Count == 0)
        {
            selected.Add(Rungs[0]);
        }

        return selected;
    }

    /// <summary>The rungs for a probed source, using its height as displayed (after rotation).</summary>
    public static IReadOnlyList<Rendition> For(MediaProbe source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return For(source.DisplayHeight);
    }

    /// <summary>The rung with this name ("240p", "360p", "720p"), or null.</summary>
    public static Rendition? Find(string? name) => Rungs.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));
}
