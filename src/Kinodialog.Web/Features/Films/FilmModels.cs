using Kinodialog.Data.Entities;

namespace Kinodialog.Web.Features.Films;

public sealed record FilmListItem(
    Guid Id,
    string Slug,
    string Title,
    string TitleCulture,
    int? Year,
    double? DurationSeconds,
    string? PosterUrl,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> ContentNotes,
    IReadOnlyList<string> SubtitleCultures,
    bool IsPublished,
    bool IsDemo,
    bool IsPlayable);

public sealed record FilmCreditView(string Role, string? DisplayName, bool NameWithheld);

public sealed record FilmSource(string Rendition, string Url, int Width, int Height, long Size);

public sealed record FilmSubtitleView(string Culture, string Url, int CueCount, DateTime UpdatedAt);

public sealed record EncodingView(Guid Id, EncodingStatus Status, double Progress, int Attempts, int MaxAttempts, string? Error, DateTime CreatedAt, DateTime? FinishedAt, DateTime? SourceRemovedAt);

public sealed record UploadView(Guid Id, UploadStatus Status, long Length, long Offset, string? OriginalName, string? Error, DateTime UpdatedAt);

public sealed record FilmDetails(
    Guid Id,
    string Slug,
    string Culture,
    string Title,
    string TitleCulture,
    string Synopsis,
    IReadOnlyList<string> DiscussionQuestions,
    int? Year,
    double? DurationSeconds,
    bool IsPublished,
    bool IsDemo,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> ContentNotes,
    IReadOnlyList<FilmCreditView> Credits,
    string? PosterUrl,
    IReadOnlyList<FilmSource> Sources,
    IReadOnlyList<FilmSubtitleView> Subtitles,
    IReadOnlyList<EncodingView> Encodings,
    IReadOnlyList<UploadView> Uploads);

/// <summary>Editable metadata of a film in all four languages.</summary>
/// <summary>A film's texts in one language (suggested statements: one per line, the same order in every language).</summary>
public sealed record FilmText(string Culture, string Title, string Synopsis, string DiscussionQuestions, string SuggestedStatements = "");

public sealed record FilmCreditInput(string Role, string Name, string? Pseudonym, bool ConsentToName);

public sealed record FilmMetadata(
    string Slug,
    int? Year,
    bool IsPublished,
    IReadOnlyList<FilmText> Texts,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> ContentNotes,
    IReadOnlyList<FilmCreditInput> Credits);
