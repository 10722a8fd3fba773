using System.Globalization;
using System.Text;

namespace Kinodialog.Core.Media;

/// <summary>
/// Argument lists for ffmpeg and ffprobe, one list element per argument: they go to
/// <c>ProcessStartInfo.ArgumentList</c>, never through a shell or a single command-line string.
/// </summary>
public static class FfmpegArguments
{
    /// <summary>Seconds between forced key frames, so a seek over a weak connection fetches little before the picture shows.</summary>
    public const int KeyFrameIntervalSeconds = 4;

    /// <summary>Widest poster frame in pixels.</summary>
    public const int PosterMaxWidth = 1280;

    /// <summary>
    /// ffprobe: format and streams of <paramref name="input"/> as JSON on standard output. Any format is
    /// read (so a photo is reported as a still image), but only from local files.
    /// </summary>
    public static IReadOnlyList<string> Probe(string input) =>
    [
        "-hide_banner",
        "-v", "error",
        "-protocol_whitelist", "file",
        "-print_format", "json",
        "-show_format",
        "-show_streams",
        LocalFile(input),
    ];

    /// <summary>
    /// ffmpeg: one rung of the ladder as a progressive-download MP4 (H.264 main yuv420p + AAC stereo,
    /// moov box first). Maps the first real video stream (not cover art) and the first audio stream if
    /// there is one; strips metadata such as a phone's GPS position; applies a phone's rotation. Reads
    /// the source from a local file through a film demuxer only. Progress goes to standard output.
    /// </summary>
    public static IReadOnlyList<string> Encode(string input, string output, Rendition rendition, int threads)
    {
        ArgumentNullException.ThrowIfNull(rendition);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        return
        [
            .. Global(),
            "-nostats",
            "-progress", "pipe:1",
            .. SourceRestrictions(),
            "-i", LocalFile(input),
            "-map", "0:V:0",
            "-map", "0:a:0?",
            "-vf", "scale=-2:" + Invariant(rendition.Height),
            "-c:v", "libx264",
            "-preset", "veryfast",
            "-profile:v", "main",
            "-pix_fmt", "yuv420p",
            "-b:v", Rendition.Kilo(rendition.VideoKbps),
            "-maxrate", Rendition.Kilo(rendition.MaxVideoKbps),
            "-bufsize", Rendition.Kilo(rendition.BufferKbits),
            "-force_key_frames", "expr:gte(t,n_forced*" + Invariant(KeyFrameIntervalSeconds) + ")",
            "-c:a", "aac",
            "-b:a", Rendition.Kilo(rendition.AudioKbps),
            "-ac", "2",
            "-map_metadata", "-1",
            "-map_chapters", "-1",
            "-threads", Invariant(threads),
            "-movflags", "+faststart",
            "-f", "mp4",
            LocalFile(output),
        ];
    }

    /// <summary>ffmpeg: one JPEG frame at <paramref name="atSeconds"/>, at most <see cref="PosterMaxWidth"/> pixels wide.</summary>
    public static IReadOnlyList<string> Poster(string input, string output, double atSeconds)
    {
        if (!double.IsFinite(atSeconds) || atSeconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(atSeconds), atSeconds, "The poster time must be a finite, non-negative number of seconds.");
        }

        return
        [
            .. Global(),
            .. SourceRestrictions(),
            "-ss", atSeconds.ToString("0.###", CultureInfo.InvariantCulture),
            "-i", LocalFile(input),
            "-map", "0:V:0",
            "-frames:v", "1",
            "-vf", "scale='min(" + Invariant(PosterMaxWidth) + ",iw)':-2",
            "-q:v", "3",
            "-map_metadata", "-1",
            "-update", "1",
            "-f", "image2",
            LocalFile(output),
        ];
    }

    /// <summary>
    /// ffmpeg: synthesises a demo film from lavfi sources (a slowly turning gradient in the film's colour
    /// and a sine tone), with the title and a running clock when a font file is given.
    /// </summary>
    public static IReadOnlyList<string> DemoFilm(string output, DemoFilmSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Duration <= TimeSpan.Zero || spec.Duration > TimeSpan.FromHours(4))
        {
            throw new ArgumentOutOfRangeException(nameof(spec), spec.Duration, "A demo film lasts between a moment and four hours.");
        }

        if (spec.Width is < 16 or > 3840 || spec.Height is < 16 or > 2160 || spec.Width % 2 != 0 || spec.Height % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), $"{spec.Width}x{spec.Height}", "Width and height must be even, from 16x16 to 3840x2160.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spec.FramesPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spec.ToneHertz);
        var colour = ColourOption(spec.Colour);
        var seconds = spec.Duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var size = Invariant(spec.Width) + "x" + Invariant(spec.Height);

        List<string> arguments =
        [
            .. Global(),
            "-f", "lavfi",
            "-i", $"gradients=s={size}:r={Invariant(spec.FramesPerSecond)}:d={seconds}:c0={colour}:c1=0x101010:seed=1:speed=0.02",
            "-f", "lavfi",
            "-i", $"sine=f={Invariant(spec.ToneHertz)}:r=48000:d={seconds}",
        ];

        if (!string.IsNullOrEmpty(spec.FontFile))
        {
            var font = "fontfile=" + EscapeFilterValue(spec.FontFile) + ":fontcolor=white:borderw=2:bordercolor=black";
            var clockSize = Invariant(Math.Max(10, spec.Height / 20));
            var filters = new List<string>
            {
                $"drawtext={font}:fontsize={clockSize}:x=w-tw-{clockSize}:y=h-th-{clockSize}:expansion=normal:text={EscapeFilterValue("%{pts:hms}")}",
            };
            var title = CleanTitle(spec.Title);
            if (title.Length > 0)
            {
                var titleSize = Invariant(Math.Max(12, spec.Height / 12));
                filters.Insert(0, $"drawtext={font}:fontsize={titleSize}:x=(w-tw)/2:y=(h-th)/2:expansion=none:text={EscapeFilterValue(title)}");
            }

            arguments.AddRange(["-vf", string.Join(',', filters)]);
        }

        arguments.AddRange(
        [
            "-map", "0:v:0",
            "-map", "1:a:0",
            "-c:v", "libx264",
            "-preset", "veryfast",
            "-pix_fmt", "yuv420p",
            "-c:a", "aac",
            "-b:a", "128k",
            "-t", seconds,
            "-movflags", "+faststart",
            "-f", "mp4",
            LocalFile(output),
        ]);
        return arguments;
    }

    /// <summary>
    /// Escapes a value for a filter option inside a filtergraph (ffmpeg-filters, "Notes on filtergraph
    /// escaping"): first for the option list (<c>\ ' :</c>), then for the graph (<c>\ ' [ ] , ;</c>).
    /// </summary>
    public static string EscapeFilterValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Escape(Escape(value, "\\':"), "\\'[],;");
    }

    /// <summary>
    /// A local file for ffmpeg's command line. The "file:" protocol prefix stops a name such as
    /// "-y.mp4", "pipe:1" or "concat:a|b" from being read as an option or another protocol.
    /// </summary>
    public static string LocalFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return "file:" + path;
    }

    private static string[] Global() => ["-hide_banner", "-nostdin", "-loglevel", "error", "-y"];

    // An uploaded source is read from the local file only, and only by a film demuxer (no HLS, no concat).
    private static string[] SourceRestrictions() => ["-protocol_whitelist", "file", "-format_whitelist", SupportedContainers.Whitelist];

    private static string Escape(string value, string special)
    {
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (special.Contains(c, StringComparison.Ordinal))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static string CleanTitle(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return "";
        }

        var chars = title.Trim().Select(c => char.IsControl(c) ? ' ' : c).ToArray();
        return new string(chars);
    }

    private static string ColourOption(string colour)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(colour);
        if (colour.Length == 7 && colour[0] == '#' && colour.Skip(1).All(char.IsAsciiHexDigit))
        {
            return "0x" + colour[1..];
        }

        if (colour.Length <= 32 && colour.All(char.IsAsciiLetter))
        {
            return colour;
        }

        throw new ArgumentException($"Colour '{colour}' is neither #RRGGBB nor a colour name.", nameof(colour));
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
