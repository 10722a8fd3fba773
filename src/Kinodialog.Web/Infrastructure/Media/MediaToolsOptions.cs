using System.ComponentModel.DataAnnotations;

namespace Kinodialog.Web.Infrastructure.Media;

/// <summary>Where ffmpeg and ffprobe are and how long they may run. Section "MediaTools".</summary>
public sealed class MediaToolsOptions
{
    public const string SectionName = "MediaTools";

    /// <summary>The ffmpeg executable: a name looked up on PATH or a full path.</summary>
    [Required]
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>The ffprobe executable: a name looked up on PATH or a full path.</summary>
    [Required]
    public string FfprobePath { get; set; } = "ffprobe";

    /// <summary>Encoder threads per ffmpeg run; films are encoded one rung after another.</summary>
    [Range(1, 64)]
    public int Threads { get; set; } = 2;

    /// <summary>Longest time one film's encode (every rung and the poster) may take before ffmpeg is killed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan EncodeTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Longest time ffprobe may take to read one file.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromMinutes(1);
}
