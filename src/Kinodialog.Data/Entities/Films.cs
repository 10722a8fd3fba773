namespace Kinodialog.Data.Entities;

/// <summary>A film of the library, with its texts per language, credits, tags and media.</summary>
public sealed class Film
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Slug { get; set; }

    public int? Year { get; set; }

    /// <summary>From ffprobe, once the first encode succeeded.</summary>
    public double? DurationSeconds { get; set; }

    /// <summary>Generated demo content shipped with Kinodialog.</summary>
    public bool IsDemo { get; set; }

    public bool IsPublished { get; set; }

    /// <summary>The encode whose files are served; replaced only when a newer encode succeeded.</summary>
    public Guid? CurrentEncodingId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<FilmTranslation> Translations { get; set; } = [];

    public List<FilmCredit> Credits { get; set; } = [];

    public List<FilmTag> Tags { get; set; } = [];

    public List<SubtitleTrack> Subtitles { get; set; } = [];
}

/// <summary>A film's texts in one language.</summary>
public sealed class FilmTranslation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid FilmId { get; set; }

    public required string Culture { get; set; }

    public required string Title { get; set; }

    public string Synopsis { get; set; } = "";

    /// <summary>Suggested discussion questions, one per line.</summary>
    public string DiscussionQuestions { get; set; } = "";

    /// <summary>
    /// Statements suggested for the dialogue, one per line; line n is the same statement in every
    /// language (a facilitator seeds it with its translations).
    /// </summary>
    public string SuggestedStatements { get; set; } = "";
}

/// <summary>A credited person. Shown by name only with their consent, otherwise by pseudonym.</summary>
public sealed class FilmCredit
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid FilmId { get; set; }

    public int SortOrder { get; set; }

    /// <summary>A key of FilmVocabulary.CreditRoles.</summary>
    public required string Role { get; set; }

    public required string Name { get; set; }

    public string? Pseudonym { get; set; }

    public bool ConsentToName { get; set; }
}

public enum FilmTagKind
{
    Theme = 1,
    ContentNote = 2,
}

/// <summary>A theme or content note of a film (keys of FilmVocabulary).</summary>
public sealed class FilmTag
{
    public Guid FilmId { get; set; }

    public FilmTagKind Kind { get; set; }

    public required string Key { get; set; }
}

public enum UploadStatus
{
    Receiving = 1,
    Received = 2,
    Rejected = 3,
    Accepted = 4,
}

/// <summary>A resumable upload of a film's source video (tus protocol); the bytes live in a file named by its id.</summary>
public sealed class MediaUpload
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid FilmId { get; set; }

    public long Length { get; set; }

    public long Offset { get; set; }

    /// <summary>Shown to staff only; never used to build a path.</summary>
    public string? OriginalName { get; set; }

    public UploadStatus Status { get; set; } = UploadStatus.Receiving;

    /// <summary>Why the file was rejected (e.g. ffprobe found no video), for the uploader.</summary>
    public string? Error { get; set; }

    public Guid? CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

public enum EncodingStatus
{
    Pending = 1,
    Running = 2,
    Succeeded = 3,
    Failed = 4,
}

/// <summary>A durable encoding job: the row is the truth, a channel only wakes the worker.</summary>
public sealed class EncodingJob
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid FilmId { get; set; }

    public Guid UploadId { get; set; }

    public EncodingStatus Status { get; set; } = EncodingStatus.Pending;

    public int Attempts { get; set; }

    public int MaxAttempts { get; set; } = 3;

    /// <summary>0 to 1.</summary>
    public double Progress { get; set; }

    public string? Error { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public DateTime? NotBefore { get; set; }

    /// <summary>
    /// When the sweep deleted the uploaded source of this job after it failed for good and was kept for
    /// Films:KeepFailedSourcesFor; null while the source is kept (or was deleted after a success).
    /// </summary>
    public DateTime? SourceRemovedAt { get; set; }

    public List<MediaFile> Files { get; set; } = [];
}

/// <summary>An encoded, immutable file (video rendition or poster) at a content-addressed path.</summary>
public sealed class MediaFile
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EncodingJobId { get; set; }

    public Guid FilmId { get; set; }

    /// <summary>"240p", "360p", "720p" or "poster".</summary>
    public required string Rendition { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    public long Size { get; set; }

    public required string Sha256 { get; set; }

    /// <summary>Path below the media directory, e.g. films/{filmId}/{sha256}.mp4.</summary>
    public required string RelativePath { get; set; }

    public required string ContentType { get; set; }
}

/// <summary>Subtitles of a film in one language, stored as WebVTT at a content-addressed path.</summary>
public sealed class SubtitleTrack
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid FilmId { get; set; }

    public required string Culture { get; set; }

    public required string Sha256 { get; set; }

    public required string RelativePath { get; set; }

    public int CueCount { get; set; }

    public DateTime UpdatedAt { get; set; }

    public Guid? UpdatedBy { get; set; }
}

public enum SearchField
{
    Title = 1,
    Synopsis = 2,
    Subtitles = 3,
}

/// <summary>Folded text (SearchText.Normalize) indexed for full-text search: FTS5 on SQLite, tsvector on PostgreSQL.</summary>
public sealed class FilmSearchEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid FilmId { get; set; }

    public required string Culture { get; set; }

    public SearchField Field { get; set; }

    public required string Text { get; set; }
}
