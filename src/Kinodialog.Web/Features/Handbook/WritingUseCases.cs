using Kinodialog.Core.Handbook;
using Kinodialog.Core.Localization;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Handbook;

/// <summary>Field rules shared by every handbook write, with messages in the editor's language.</summary>
public sealed class HandbookValidator(IStringLocalizer<HandbookResource> l)
{
    public const int MaxTitleLength = 200;
    public const int MaxMarkdownLength = 200_000;
    public const int MaxNoteLength = 500;

    public Dictionary<string, string> CheckText(string? title, string? markdown, string? note)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(title))
        {
            errors["Title"] = l["Enter a title."];
        }
        else if (title.Trim().Length > MaxTitleLength)
        {
            errors["Title"] = l["The title can be at most {0} characters long.", MaxTitleLength];
        }

        if (string.IsNullOrWhiteSpace(markdown))
        {
            errors["Markdown"] = l["Enter the chapter's text."];
        }
        else if (markdown.Length > MaxMarkdownLength)
        {
            errors["Markdown"] = l["The text can be at most {0} characters long.", MaxMarkdownLength];
        }

        if (note is { Length: > MaxNoteLength })
        {
            errors["Note"] = l["The note can be at most {0} characters long.", MaxNoteLength];
        }

        return errors;
    }

    public string InvalidSlug() => l["Use 3 to 80 lower-case Latin letters, digits and single hyphens (for example: ground-rules)."];

    public string DuplicateSlug(string slug) => l["A chapter called “{0}” already exists.", slug];

    public string UnknownLanguage() => l["Choose one of the four languages."];
}

public sealed partial class CreateChapter(KinodialogDbContext db, HandbookValidator validator, TimeProvider clock, ILogger<CreateChapter> logger)
{
    public sealed record Command(string? Slug, string? SourceCulture, string? Title, string? Markdown, int SortOrder, StaffAuthor? Author);

    public async Task<HandbookChange> HandleAsync(Command command, CancellationToken cancellationToken)
    {
        var errors = validator.CheckText(command.Title, command.Markdown, null);
        var slug = command.Slug?.Trim() ?? "";
        if (!ChapterSlug.IsValid(slug))
        {
            errors["Slug"] = validator.InvalidSlug();
        }
        else if (await db.HandbookChapters.AnyAsync(c => c.Slug == slug, cancellationToken))
        {
            errors["Slug"] = validator.DuplicateSlug(slug);
        }

        var culture = SupportedCultures.Find(command.SourceCulture);
        if (culture is null)
        {
            errors["SourceCulture"] = validator.UnknownLanguage();
        }

        if (errors.Count > 0)
        {
            return HandbookChange.Invalid(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var chapter = new HandbookChapter { Slug = slug, SourceCulture = culture!.Name, SortOrder = command.SortOrder, CreatedAt = now };
        var translation = NewTranslation(culture.Name, command.Title!.Trim(), command.Markdown!, now);
        translation.Versions.Add(NewVersion(1, translation, null, now, command.Author, null, null));
        chapter.Translations.Add(translation);
        db.HandbookChapters.Add(chapter);
        await db.SaveChangesAsync(cancellationToken);
        LogCreated(logger, chapter.Id, culture.Name);
        return HandbookChange.Done(1);
    }

    internal static HandbookTranslation NewTranslation(string culture, string title, string markdown, DateTime now) => new()
    {
        Culture = culture,
        Title = title,
        Markdown = markdown,
        Revision = 1,
        UpdatedAt = now,
    };

    internal static HandbookVersion NewVersion(int number, HandbookTranslation translation, int? basedOn, DateTime now, StaffAuthor? author, string? note, int? restoredFrom) => new()
    {
        Number = number,
        Title = translation.Title,
        Markdown = translation.Markdown,
        BasedOnSourceRevision = basedOn,
        CreatedAt = now,
        AuthorId = author?.Id,
        AuthorName = author?.Name,
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
        RestoredFromNumber = restoredFrom,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Handbook chapter {ChapterId} created in {Culture}")]
    private static partial void LogCreated(ILogger logger, Guid chapterId, string culture);
}

/// <summary>
/// Saves a new version of a chapter's text in one language (creating the language if needed).
/// Refuses to overwrite a version saved by someone else since the editor loaded the text.
/// </summary>
public sealed partial class SaveChapterText(KinodialogDbContext db, HandbookValidator validator, TimeProvider clock, ILogger<SaveChapterText> logger)
{
    /// <param name="BaseRevision">Revision the editor started from; 0 when adding a new language.</param>
    /// <param name="MatchesSource">For a translation: the editor confirms it now follows the current source text.</param>
    /// <param name="PublishesDirectly">
    /// The editor is a reviewer (Programme staff, Admin): a change to a published language goes live at once.
    /// Otherwise (a Translator) it becomes the language's proposed revision, awaiting review (issue 14).
    /// </param>
    public sealed record Command(
        string Slug, string Culture, string? Title, string? Markdown, int BaseRevision, bool MatchesSource, string? Note, StaffAuthor? Author,
        bool PublishesDirectly, int? RestoredFrom = null);

    public async Task<HandbookChange> HandleAsync(Command command, CancellationToken cancellationToken)
    {
        var chapter = await db.HandbookChapters.Include(c => c.Translations)
            .FirstOrDefaultAsync(c => c.Slug == command.Slug, cancellationToken);
        if (chapter is null || SupportedCultures.Find(command.Culture)?.Name != command.Culture)
        {
            return HandbookChange.NotFound;
        }

        var errors = validator.CheckText(command.Title, command.Markdown, command.Note);
        if (errors.Count > 0)
        {
            return HandbookChange.Invalid(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var isSource = command.Culture == chapter.SourceCulture;
        var source = chapter.Translations.FirstOrDefault(t => t.Culture == chapter.SourceCulture);
        var translation = chapter.Translations.FirstOrDefault(t => t.Culture == command.Culture);
        if (translation is null)
        {
            if (command.BaseRevision != 0)
            {
                return HandbookChange.Conflict(0);
            }

            translation = CreateChapter.NewTranslation(command.Culture, command.Title!.Trim(), command.Markdown!, now);
            translation.BasedOnSourceRevision = isSource ? null : source?.Revision;
            chapter.Translations.Add(translation);
            translation.Versions.Add(CreateChapter.NewVersion(1, translation, translation.BasedOnSourceRevision, now, command.Author, command.Note, command.RestoredFrom));
        }
        else if (translation.IsPublished && !command.PublishesDirectly)
        {
            return await ProposeAsync(chapter, translation, source, command, now, cancellationToken);
        }
        else
        {
            if (translation.Revision != command.BaseRevision)
            {
                return HandbookChange.Conflict(translation.Revision);
            }

            translation.Title = command.Title!.Trim();
            translation.Markdown = command.Markdown!;
            translation.Revision++;
            translation.UpdatedAt = now;
            if (!isSource && command.MatchesSource)
            {
                translation.BasedOnSourceRevision = source?.Revision;
            }

            var version = CreateChapter.NewVersion(translation.Revision, translation, translation.BasedOnSourceRevision, now, command.Author, command.Note, command.RestoredFrom);
            version.TranslationId = translation.Id;
            db.HandbookVersions.Add(version);
        }

        if (command.Author is not null)
        {
            chapter.IsSample = false;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            // Another editor saved between our read and our write: the concurrency token, or the unique
            // (chapter, language) / (translation, version number) indexes, caught it. Anything else is a bug.
            db.ChangeTracker.Clear();
            var current = await db.HandbookTranslations.Where(t => t.ChapterId == chapter.Id && t.Culture == command.Culture)
                .Select(t => (int?)t.Revision).FirstOrDefaultAsync(cancellationToken);
            if (ex is DbUpdateConcurrencyException || (current ?? 0) != command.BaseRevision)
            {
                return HandbookChange.Conflict(current ?? 0);
            }

            throw;
        }

        LogSaved(logger, chapter.Id, command.Culture, translation.Revision);
        return HandbookChange.Done(translation.Revision);
    }

    /// <summary>Stores the text as the language's proposed revision (replacing an earlier proposal); readers keep the published text.</summary>
    private async Task<HandbookChange> ProposeAsync(
        HandbookChapter chapter, HandbookTranslation translation, HandbookTranslation? source, Command command, DateTime now, CancellationToken cancellationToken)
    {
        if (translation.Revision != command.BaseRevision)
        {
            return HandbookChange.Conflict(translation.Revision);
        }

        var proposal = await db.HandbookProposals.FirstOrDefaultAsync(p => p.TranslationId == translation.Id, cancellationToken);
        if (proposal is null)
        {
            proposal = new HandbookProposal { TranslationId = translation.Id, Title = "", Markdown = "" };
            db.HandbookProposals.Add(proposal);
        }

        var isSource = translation.Culture == chapter.SourceCulture;
        proposal.Number++;
        proposal.State = HandbookProposalState.Pending;
        proposal.Title = command.Title!.Trim();
        proposal.Markdown = command.Markdown!;
        proposal.BaseRevision = translation.Revision;
        proposal.MatchesSourceRevision = !isSource && command.MatchesSource ? source?.Revision : null;
        proposal.RestoredFromNumber = command.RestoredFrom;
        proposal.ProposedAt = now;
        proposal.AuthorId = command.Author?.Id;
        proposal.AuthorName = command.Author?.Name;
        proposal.Note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
        proposal.ReviewedAt = null;
        proposal.ReviewerName = null;
        proposal.ReviewNote = null;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another translator proposed at the same moment (the proposal's number or its unique row caught it).
            db.ChangeTracker.Clear();
            return HandbookChange.Conflict(translation.Revision);
        }

        LogProposed(logger, chapter.Id, translation.Culture, proposal.Number);
        return HandbookChange.Proposed(proposal.Number);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Handbook chapter {ChapterId} saved in {Culture} as version {Revision}")]
    private static partial void LogSaved(ILogger logger, Guid chapterId, string culture, int revision);

    [LoggerMessage(Level = LogLevel.Information, Message = "Handbook chapter {ChapterId} in {Culture}: revision proposal {Number} awaits review")]
    private static partial void LogProposed(ILogger logger, Guid chapterId, string culture, int number);
}

/// <summary>Publishes or withdraws a chapter in one language; other languages are untouched.</summary>
public sealed partial class SetChapterPublication(KinodialogDbContext db, TimeProvider clock, ILogger<SetChapterPublication> logger)
{
    public sealed record Command(string Slug, string Culture, bool Publish);

    public async Task<HandbookChange> HandleAsync(Command command, CancellationToken cancellationToken)
    {
        var translation = await db.HandbookTranslations
            .FirstOrDefaultAsync(t => t.Chapter.Slug == command.Slug && t.Culture == command.Culture, cancellationToken);
        if (translation is null)
        {
            return HandbookChange.NotFound;
        }

        if (translation.IsPublished != command.Publish)
        {
            translation.IsPublished = command.Publish;
            translation.PublishedAt = command.Publish ? clock.GetUtcNow().UtcDateTime : null;
            await db.SaveChangesAsync(cancellationToken);
            LogPublication(logger, translation.ChapterId, command.Culture, command.Publish);
        }

        return HandbookChange.Done(translation.Revision);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Handbook chapter {ChapterId} in {Culture}: published = {Published}")]
    private static partial void LogPublication(ILogger logger, Guid chapterId, string culture, bool published);
}

/// <summary>
/// Restores an earlier version by saving its text as a new version: history is never rewritten,
/// so the restore itself can be undone.
/// </summary>
public sealed class RestoreVersion(KinodialogDbContext db, SaveChapterText save)
{
    public sealed record Command(string Slug, string Culture, int Number, int BaseRevision, StaffAuthor? Author, string Note, bool PublishesDirectly);

    public async Task<HandbookChange> HandleAsync(Command command, CancellationToken cancellationToken)
    {
        var version = await db.HandbookVersions.AsNoTracking()
            .Where(v => v.Translation.Chapter.Slug == command.Slug && v.Translation.Culture == command.Culture && v.Number == command.Number)
            .Select(v => new { v.Title, v.Markdown })
            .FirstOrDefaultAsync(cancellationToken);
        if (version is null)
        {
            return HandbookChange.NotFound;
        }

        return await save.HandleAsync(
            new SaveChapterText.Command(command.Slug, command.Culture, version.Title, version.Markdown, command.BaseRevision, false, command.Note, command.Author, command.PublishesDirectly, command.Number),
            cancellationToken);
    }
}
