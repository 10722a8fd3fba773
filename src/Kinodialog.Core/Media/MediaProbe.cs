namespace Kinodialog.Core.Media;

/// <summary>The reasons <see cref="MediaProbe.NotPlayableReason"/> gives; stable strings the UI can translate.</summary>
public static class NotPlayableReasons
{
    /// <summary>ffprobe could not read the file as media at all.</summary>
    public const string NotMedia = "not a video file";

    /// <summary>ffprobe did not finish reading the file within its time limit.</summary>
    public const string ProbeTimedOut = "the file could not be read in time";

    public const string NoVideoStream = "no video stream";

    public const string StillImage = "a still image, not a video";

    /// <summary>A container outside <see cref="SupportedContainers"/>, such as an HLS playlist.</summary>
    public const string UnsupportedContainer = "container format not supported";

    public const string SizeUnknown = "video size unknown";

    public const string DurationUnknown = "duration unknown";
}

/// <summary>What ffprobe says about a media file, reduced to what encoding and publishing need.</summary>
public sealed record MediaProbe
{
    /// <summary>ffprobe's format name, e.g. "mov,mp4,m4a,3gp,3g2,mj2" or "matroska,webm".</summary>
    public required string FormatName { get; init; }

    /// <summary>The duration, from the container or else the longest stream; null when unknown.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Codec of the first video stream (cover art excluded), e.g. "h264"; null when there is none.</summary>
    public string? VideoCodec { get; init; }

    /// <summary>Coded width of the first video stream, 0 when unknown.</summary>
    public int Width { get; init; }

    /// <summary>Coded height of the first video stream, 0 when unknown.</summary>
    public int Height { get; init; }

    /// <summary>Clockwise display rotation in degrees (0, 90, 180 or 270), as phones record it.</summary>
    public int Rotation { get; init; }

    /// <summary>Whether the first video stream is a single picture (a JPEG or PNG, say) rather than moving images.</summary>
    public bool IsStillImage { get; init; }

    public bool HasAudio { get; init; }

    public bool HasVideo => VideoCodec is not null;

    /// <summary>Width as shown: ffmpeg applies the rotation when encoding.</summary>
    public int DisplayWidth => IsQuarterTurn ? Height : Width;

    /// <summary>Height as shown: ffmpeg applies the rotation when encoding.</summary>
    public int DisplayHeight => IsQuarterTurn ? Width : Height;

    /// <summary>Why this file cannot be published as a film, or null when it can.</summary>
    public string? NotPlayableReason =>
        !HasVideo ? NotPlayableReasons.NoVideoStream
        : IsStillImage ? NotPlayableReasons.StillImage
        : !SupportedContainers.Contains(FormatName) ? NotPlayableReasons.UnsupportedContainer
        : Width <= 0 || Height <= 0 ? NotPlayableReasons.SizeUnknown
        : Duration is not { Ticks: > 0 } ? NotPlayableReasons.DurationUnknown
        : null;

    public bool IsPlayableVideo => NotPlayableReason is null;

    /// <summary>Where the poster frame is taken: at a tenth of the film, past black openings and titles.</summary>
    public double PosterSeconds => (Duration?.TotalSeconds ?? 0) / 10;

    private bool IsQuarterTurn => Rotation is 90 or 270;
}
