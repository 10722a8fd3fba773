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

    /// <summary>
    /// During a PATCH, every this many bytes the file is flushed to disk (fsync) and the offset recorded,
    /// so a process killed half-way through a piece resumes from the last checkpoint (default 8 MiB).
    /// </summary>
    [Range(4096, int.MaxValue)]
    public int UploadCheckpointBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>An upload that received no byte for this long is abandoned: its record and its bytes are deleted.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan AbandonUploadsAfter { get; set; } = TimeSpan.FromHours(48);

    /// <summary>
    /// The uploaded source of an encode that failed for good (no attempt left) is kept this long after
    /// the last attempt, so staff can retry the encode (e.g. after installing a missing codec); then the
    /// sweep deletes it and the film's media page says so.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan KeepFailedSourcesFor { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often abandoned uploads and leftovers of encodes are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan UploadSweepInterval { get; set; } = TimeSpan.FromHours(1);

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
