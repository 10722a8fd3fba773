using Kinodialog.Core.Films;
using Kinodialog.Core.Localization;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Films;

internal static class FilmTexts
{
    /// <summary>The film's text in the asked language, else in English, else in any language.</summary>
    public static FilmTranslation? Pick(IReadOnlyCollection<FilmTranslation> texts, string culture) =>
        texts.FirstOrDefault(t => t.Culture == culture)
        ?? texts.FirstOrDefault(t => t.Culture == SupportedCultures.English.Name)
        ?? texts.FirstOrDefault();
}

/// <summary>The catalogue: films a viewer can watch, filtered and searched, in their language.</summary>
public sealed class ListFilms(KinodialogDbContext db, FilmSearch search)
{
    public sealed record Query(
        string Culture,
        string? Search = null,
        string? Theme = null,
        int? MaxMinutes = null,
        string? SubtitleCulture = null,
        IReadOnlyList<string>? WithoutContentNotes = null,
        bool IncludeUnpublished = false);

    public async Task<IReadOnlyList<FilmListItem>> HandleAsync(Query query, CancellationToken cancellationToken)
    {
        var matches = await search.FindAsync(query.Search, cancellationToken);
        var films = db.Films.AsNoTracking().AsQueryable();
        if (!query.IncludeUnpublished)
        {
            films = films.Where(f => f.IsPublished);
        }

        if (!string.IsNullOrEmpty(query.Theme))
        {
            films = films.Where(f => f.Tags.Any(t => t.Kind == FilmTagKind.Theme && t.Key == query.Theme));
        }

        if (query.MaxMinutes is { } minutes)
        {
            var seconds = minutes * 60.0;
            films = films.Where(f => f.DurationSeconds != null && f.DurationSeconds <= seconds);
        }

        if (!string.IsNullOrEmpty(query.SubtitleCulture))
        {
            films = films.Where(f => f.Subtitles.Any(s => s.Culture == query.SubtitleCulture));
        }

        foreach (var note in query.WithoutContentNotes ?? [])
        {
            films = films.Where(f => !f.Tags.Any(t => t.Kind == FilmTagKind.ContentNote && t.Key == note));
        }

        var list = await films
            .Include(f => f.Translations)
            .Include(f => f.Tags)
            .Include(f => f.Subtitles)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        if (matches is not null)
        {
            list = list.Where(f => matches.Contains(f.Id)).ToList();
        }

        var encodingIds = list.Where(f => f.CurrentEncodingId != null).Select(f => f.CurrentEncodingId!.Value).ToList();
        var posters = await db.MediaFiles.AsNoTracking()
            .Where(m => encodingIds.Contains(m.EncodingJobId) && m.Rendition == FilmRenditions.Poster)
            .ToDictionaryAsync(m => m.EncodingJobId, m => MediaStorage.Url(m.RelativePath), cancellationToken);

        return list
            .Select(f =>
            {
                var text = FilmTexts.Pick(f.Translations, query.Culture);
                return new FilmListItem(
                    f.Id,
                    f.Slug,
                    text?.Title ?? f.Slug,
                    text?.Culture ?? query.Culture,
                    f.Year,
                    f.DurationSeconds,
                    f.CurrentEncodingId is { } e && posters.TryGetValue(e, out var poster) ? poster : null,
                    Keys(f, FilmTagKind.Theme, FilmVocabulary.Themes),
                    Keys(f, FilmTagKind.ContentNote, FilmVocabulary.ContentNotes),
                    SupportedCultures.All.Select(c => c.Name).Where(c => f.Subtitles.Any(s => s.Culture == c)).ToList(),
                    f.IsPublished,
                    f.IsDemo,
                    f.CurrentEncodingId is not null);
            })
            .OrderBy(f => f.Title, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo(query.Culture), ignoreCase: true))
            .ToList();
    }

    internal static List<string> Keys(Film film, FilmTagKind kind, IReadOnlyList<string> order) =>
        order.Where(k => film.Tags.Any(t => t.Kind == kind && t.Key == k)).ToList();
}

/// <summary>Everything the film page shows, in the viewer's language.</summary>
public sealed class GetFilm(KinodialogDbContext db)
{
    public async Task<FilmDetails?> HandleAsync(string slug, string culture, bool includeUnpublished, CancellationToken cancellationToken)
    {
        var film = await db.Films.AsNoTracking()
            .Include(f => f.Translations)
            .Include(f => f.Tags)
            .Include(f => f.Credits)
            .Include(f => f.Subtitles)
            .AsSplitQuery()
            .FirstOrDefaultAsync(f => f.Slug == slug, cancellationToken);
        if (film is null || (!film.IsPublished && !includeUnpublished))
        {
            return null;
        }

        var files = film.CurrentEncodingId is { } encodingId
            ? await db.MediaFiles.AsNoTracking().Where(m => m.EncodingJobId == encodingId).ToListAsync(cancellationToken)
            : [];
        var encodings = includeUnpublished
            ? await db.EncodingJobs.AsNoTracking().Where(j => j.FilmId == film.Id).OrderByDescending(j => j.CreatedAt).Take(5)
                .Select(j => new EncodingView(j.Id, j.Status, j.Progress, j.Attempts, j.MaxAttempts, j.Error, j.CreatedAt, j.FinishedAt, j.SourceRemovedAt))
                .ToListAsync(cancellationToken)
            : [];
        var uploads = includeUnpublished
            ? await db.MediaUploads.AsNoTracking().Where(u => u.FilmId == film.Id).OrderByDescending(u => u.CreatedAt).Take(5)
                .Select(u => new UploadView(u.Id, u.Status, u.Length, u.Offset, u.OriginalName, u.Error, u.UpdatedAt))
                .ToListAsync(cancellationToken)
            : [];

        var text = FilmTexts.Pick(film.Translations, culture);
        return new FilmDetails(
            film.Id,
            film.Slug,
            culture,
            text?.Title ?? film.Slug,
            text?.Culture ?? culture,
            text?.Synopsis ?? "",
            (text?.DiscussionQuestions ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            film.Year,
            film.DurationSeconds,
            film.IsPublished,
            film.IsDemo,
            ListFilms.Keys(film, FilmTagKind.Theme, FilmVocabulary.Themes),
            ListFilms.Keys(film, FilmTagKind.ContentNote, FilmVocabulary.ContentNotes),
            film.Credits.OrderBy(c => c.SortOrder)
                .Select(c => CreditNames.Displayed(c.Name, c.Pseudonym, c.ConsentToName) is { } shown
                    ? new FilmCreditView(c.Role, shown, false)
                    : new FilmCreditView(c.Role, null, true))
                .ToList(),
            files.FirstOrDefault(f => f.Rendition == FilmRenditions.Poster) is { } poster ? MediaStorage.Url(poster.RelativePath) : null,
            files.Where(f => f.Rendition != FilmRenditions.Poster)
                .OrderBy(f => f.Height)
                .Select(f => new FilmSource(f.Rendition, MediaStorage.Url(f.RelativePath), f.Width, f.Height, f.Size))
                .ToList(),
            SupportedCultures.All.SelectMany(c => film.Subtitles.Where(s => s.Culture == c.Name))
                .Select(s => new FilmSubtitleView(s.Culture, MediaStorage.Url(s.RelativePath), s.CueCount, s.UpdatedAt))
                .ToList(),
            encodings,
            uploads);
    }

    /// <summary>The editable metadata (all languages) of a film, for staff.</summary>
    public async Task<(Guid Id, FilmMetadata Metadata)?> MetadataAsync(string slug, CancellationToken cancellationToken)
    {
        var film = await db.Films.AsNoTracking()
            .Include(f => f.Translations).Include(f => f.Tags).Include(f => f.Credits)
            .AsSplitQuery()
            .FirstOrDefaultAsync(f => f.Slug == slug, cancellationToken);
        if (film is null)
        {
            return null;
        }

        return (film.Id, new FilmMetadata(
            film.Slug,
            film.Year,
            film.IsPublished,
            SupportedCultures.All.Select(c => film.Translations.FirstOrDefault(t => t.Culture == c.Name) is { } t
                ? new FilmText(c.Name, t.Title, t.Synopsis, t.DiscussionQuestions, t.SuggestedStatements)
                : new FilmText(c.Name, "", "", "")).ToList(),
            ListFilms.Keys(film, FilmTagKind.Theme, FilmVocabulary.Themes),
            ListFilms.Keys(film, FilmTagKind.ContentNote, FilmVocabulary.ContentNotes),
            film.Credits.OrderBy(c => c.SortOrder).Select(c => new FilmCreditInput(c.Role, c.Name, c.Pseudonym, c.ConsentToName)).ToList()));
    }
}

public static class FilmRenditions
{
    public const string Poster = "poster";

    /// <summary>The quality offered first: light enough for weak connections.</summary>
    public const string Default = "360p";
}
