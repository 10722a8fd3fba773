using System.ComponentModel.DataAnnotations;

namespace Kinodialog.Web.Features.Films;

/// <summary>Limits of the film library. Section "Films".</summary>
public sealed class FilmsOptions
{
    public const string SectionName = "Films";

    /// <summary>Largest source video accepted, in bytes (default 8 GiB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 8L * 1024 * 1024 * 1024;

    /// <summary>Largest single PATCH chunk accepted, in bytes (default 64 MiB).</summary>
    [Range(1024, int.MaxValue)]
    public int MaxChunkBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Largest subtitle file accepted, in bytes.</summary>
    [Range(1024, 50 * 1024 * 1024)]
    public int MaxSubtitleBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Attempts per encoding job before it is marked failed.</summary>
    [Range(1, 20)]
    public int MaxEncodeAttempts { get; set; } = 3;

    /// <summary>Wait before retrying a failed encode (multiplied by the attempt number).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether this process runs the background encoder (off for nodes that only serve).</summary>
    public bool RunEncoder { get; set; } = true;

    /// <summary>
    /// When set (e.g. "/internal-media/"), media requests are answered with an X-Accel-Redirect to this
    /// internal location and the reverse proxy (nginx: `location /internal-media/ { internal; alias
    /// MEDIA/films/; }`) sends the file with sendfile; empty means Kestrel serves the files itself.
    /// </summary>
    public string? AccelRedirectLocation { get; set; }

    /// <summary>Cache lifetime of content-addressed media URLs.</summary>
    public TimeSpan MediaCacheLifetime { get; set; } = TimeSpan.FromDays(365);
}
