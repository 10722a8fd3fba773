using Kinodialog.Core.Handbook;
using Kinodialog.Core.Localization;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Infrastructure.Content;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Handbook;

internal static class HandbookStatus
{
    public static IReadOnlyList<LanguageStatus> Languages(HandbookChapter chapter)
    {
        var sourceRevision = chapter.Translations.FirstOrDefault(t => t.Culture == chapter.SourceCulture)?.Revision ?? 0;
        return chapter.Translations
            .OrderBy(t => SupportedCultures.All.ToList().FindIndex(c => c.Name == t.Culture))
            .Select(t => new LanguageStatus(
                t.Culture,
                t.IsPublished,
                TranslationRules.StateOf(t.Culture == chapter.SourceCulture, t.BasedOnSourceRevision, sourceRevision),
                t.Revision,
                t.UpdatedAt))
            .ToList();
    }

    public static TranslationState StateOf(HandbookChapter chapter, HandbookTranslation translation)
    {
        var sourceRevision = chapter.Translations.FirstOrDefault(t => t.Culture == chapter.SourceCulture)?.Revision ?? 0;
        return TranslationRules.StateOf(translation.Culture == chapter.SourceCulture, translation.BasedOnSourceRevision, sourceRevision);
    }
}

/// <summary>The chapters a reader can open in their language (staff also see drafts).</summary>
public sealed class ListChapters(KinodialogDbContext db)
{
    public sealed record Query(string Culture, bool IncludeDrafts);

    public async Task<IReadOnlyList<ChapterListItem>> HandleAsync(Query query, CancellationToken cancellationToken)
    {
        var chapters = await db.HandbookChapters
            .AsNoTracking()
            .Include(c => c.Translations)
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Slug)
            .ToListAsync(cancellationToken);

        var items = new List<ChapterListItem>();
        foreach (var chapter in chapters)
        {
            var visible = chapter.Translations.Where(t => query.IncludeDrafts || t.IsPublished).ToList();
            if (visible.Count == 0)
            {
                continue;
            }

            var own = visible.FirstOrDefault(t => t.Culture == query.Culture);
            var shown = own ?? visible.FirstOrDefault(t => t.Culture == chapter.SourceCulture) ?? visible[0];
            var languages = HandbookStatus.Languages(chapter).Where(l => query.IncludeDrafts || l.IsPublished).ToList();
            items.Add(new ChapterListItem(chapter.Slug, chapter.SortOrder, chapter.IsSample, chapter.SourceCulture, shown.Title, shown.Culture, own is not null, languages));
        }

        return items;
    }
}

/// <summary>A chapter rendered for reading in one language.</summary>
public sealed class ReadChapter(KinodialogDbContext db, MarkdownRenderer renderer)
{
    public sealed record Query(string Slug, string Culture, bool IncludeDrafts);

    /// <summary>
    /// Returns the chapter in the asked language, or with <see cref="ChapterView.Html"/> empty when it is
    /// not readable in that language but is in others (listed in Languages); null when nothing is readable.
    /// </summary>
    public async Task<ChapterView?> HandleAsync(Query query, CancellationToken cancellationToken)
    {
        var chapter = await db.HandbookChapters
            .AsNoTracking()
            .Include(c => c.Translations)
            .FirstOrDefaultAsync(c => c.Slug == query.Slug, cancellationToken);
        if (chapter is null)
        {
            return null;
        }

        var languages = HandbookStatus.Languages(chapter).Where(l => query.IncludeDrafts || l.IsPublished).ToList();
        if (languages.Count == 0)
        {
            return null;
        }

        var translation = chapter.Translations.FirstOrDefault(t => t.Culture == query.Culture && (query.IncludeDrafts || t.IsPublished));
        if (translation is null)
        {
            var fallback = chapter.Translations.First(t => t.Culture == languages[0].Culture);
            return new ChapterView(chapter.Slug, query.Culture, fallback.Title, "", false, TranslationState.OutOfDate, chapter.SourceCulture, fallback.UpdatedAt, chapter.IsSample, 0, languages);
        }

        return new ChapterView(
            chapter.Slug,
            translation.Culture,
            translation.Title,
            renderer.ToHtml(translation.Markdown),
            translation.IsPublished,
            HandbookStatus.StateOf(chapter, translation),
            chapter.SourceCulture,
            translation.UpdatedAt,
            chapter.IsSample,
            translation.Revision,
            languages);
    }
}

/// <summary>The editable text of a chapter in one language (staff only).</summary>
public sealed class GetChapterText(KinodialogDbContext db)
{
    public async Task<ChapterText?> HandleAsync(string slug, string culture, CancellationToken cancellationToken)
    {
        var chapter = await db.HandbookChapters.AsNoTracking().Include(c => c.Translations)
            .FirstOrDefaultAsync(c => c.Slug == slug, cancellationToken);
        var translation = chapter?.Translations.FirstOrDefault(t => t.Culture == culture);
        if (chapter is null || translation is null)
        {
            return null;
        }

        return new ChapterText(chapter.Slug, translation.Culture, chapter.SourceCulture, translation.Title, translation.Markdown,
            translation.Revision, translation.IsPublished, HandbookStatus.StateOf(chapter, translation), chapter.IsSample);
    }

    public async Task<bool> ChapterExistsAsync(string slug, CancellationToken cancellationToken) =>
        await db.HandbookChapters.AnyAsync(c => c.Slug == slug, cancellationToken);

    public async Task<string?> SourceCultureAsync(string slug, CancellationToken cancellationToken) =>
        await db.HandbookChapters.Where(c => c.Slug == slug).Select(c => c.SourceCulture).FirstOrDefaultAsync(cancellationToken);
}

public sealed class ListVersions(KinodialogDbContext db)
{
    public async Task<IReadOnlyList<VersionSummary>?> HandleAsync(string slug, string culture, CancellationToken cancellationToken)
    {
        var translationId = await db.HandbookTranslations
            .Where(t => t.Chapter.Slug == slug && t.Culture == culture)
            .Select(t => (Guid?)t.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (translationId is null)
        {
            return null;
        }

        return await db.HandbookVersions
            .Where(v => v.TranslationId == translationId)
            .OrderByDescending(v => v.Number)
            .Select(v => new VersionSummary(v.Number, v.Title, v.CreatedAt, v.AuthorName, v.Note, v.RestoredFromNumber, v.BasedOnSourceRevision))
            .ToListAsync(cancellationToken);
    }
}

public sealed class GetVersion(KinodialogDbContext db, MarkdownRenderer renderer)
{
    public async Task<VersionView?> HandleAsync(string slug, string culture, int number, CancellationToken cancellationToken)
    {
        var found = await db.HandbookVersions
            .Where(v => v.Translation.Chapter.Slug == slug && v.Translation.Culture == culture && v.Number == number)
            .Select(v => new { v.Number, v.Title, v.Markdown, v.CreatedAt, v.AuthorName, v.Note, v.Translation.Revision, v.Translation.IsPublished })
            .FirstOrDefaultAsync(cancellationToken);
        return found is null
            ? null
            : new VersionView(slug, culture, found.Number, found.Title, found.Markdown, renderer.ToHtml(found.Markdown), found.CreatedAt, found.AuthorName, found.Note, found.Revision, found.IsPublished);
    }
}
