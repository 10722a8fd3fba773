namespace Kinodialog.Core.Media;

/// <summary>
/// The container formats (ffmpeg demuxers) Kinodialog accepts as film sources. Anything else is refused,
/// and ffmpeg is told the same with <c>-format_whitelist</c>: a playlist (HLS, concat) disguised as a
/// film would otherwise make ffmpeg read other files and bake them into the published video.
/// </summary>
public static class SupportedContainers
{
    /// <summary>Demuxer names: MP4/MOV/3GP, Matroska/WebM, AVI, MPEG-TS (camcorders), MPEG-PS (DVD), FLV, ASF/WMV, Ogg, DV, MXF.</summary>
    public static IReadOnlyList<string> Names { get; } = ["mov", "matroska", "avi", "mpegts", "mpeg", "flv", "asf", "ogg", "dv", "mxf"];

    /// <summary>The list as ffmpeg's <c>-format_whitelist</c> takes it.</summary>
    public static string Whitelist { get; } = string.Join(',', Names);

    /// <summary>
    /// Whether ffprobe's format name is one of ours. A demuxer may have several names
    /// ("mov,mp4,m4a,3gp,3g2,mj2"); one match is enough, as in ffmpeg's own whitelist check.
    /// </summary>
    public static bool Contains(string? formatName) =>
        !string.IsNullOrEmpty(formatName)
        && formatName.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Any(n => Names.Contains(n, StringComparer.Ordinal));
}
