using Kinodialog.Core.Films;
using Kinodialog.Core.Handbook;
using Kinodialog.Core.Localization;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Films;

/// <summary>Result of a change to a film: its id, or errors keyed by form field.</summary>
public sealed record FilmChange(Guid? FilmId, IReadOnlyDictionary<string, string> Errors)
{
    public bool Succeeded => FilmId is not null && Errors.Count == 0;
}

/// <summary>Creates or updates a film's metadata in all four languages, its tags and credits.</summary>
public sealed partial class SaveFilm(KinodialogDbContext db, FilmIndexer indexer, IStringLocalizer<FilmsResource> l, TimeProvider clock, ILogger<SaveFilm> logger)
{
    public const int MaxTitle = 200;
    public const int MaxSynopsis = 4000;
    public const int MaxQuestions = 4000;

    /// <param name="FilmId">Null to create a film.</param>
    public sealed record Command(Guid? FilmId, FilmMetadata Metadata, bool IsDemo = false);

    public async Task<FilmChange> HandleAsync(Command command, CancellationToken cancellationToken)
    {
        var m = command.Metadata;
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var slug = m.Slug.Trim();
        if (!ChapterSlug.IsValid(slug))
        {
            errors["Slug"] = l["Use 3 to 80 lower-case Latin letters, digits and single hyphens (for example: prisoner-exchange)."];
        }
        else if (await db.Films.AnyAsync(f => f.Slug == slug && f.Id != command.FilmId, cancellationToken))
        {
            errors["Slug"] = l["A film called “{0}” already exists.", slug];
        }

        if (m.Year is { } year && (year < 1900 || year > clock.GetUtcNow().Year + 1))
        {
            errors["Year"] = l["Enter a year between 1900 and {0}.", clock.GetUtcNow().Year + 1];
        }

        var texts = m.Texts.Where(t => !string.IsNullOrWhiteSpace(t.Title) || !string.IsNullOrWhiteSpace(t.Synopsis) || !string.IsNullOrWhiteSpace(t.DiscussionQuestions) || !string.IsNullOrWhiteSpace(t.SuggestedStatements)).ToList();
        if (texts.Count == 0)
        {
            errors["Texts[0].Title"] = l["Enter the film's title in at least one language."];
        }

        for (var i = 0; i < m.Texts.Count; i++)
        {
            var text = m.Texts[i];
            if (SupportedCultures.Find(text.Culture)?.Name != text.Culture)
            {
                errors[$"Texts[{i}].Title"] = l["Unknown language."];
                continue;
            }

            var hasAny = texts.Contains(text);
            if (hasAny && string.IsNullOrWhiteSpace(text.Title))
            {
                errors[$"Texts[{i}].Title"] = l["Enter the title in this language too, or leave all its fields empty."];
            }

            if (text.Title.Trim().Length > MaxTitle)
            {
                errors[$"Texts[{i}].Title"] = l["The title can be at most {0} characters long.", MaxTitle];
            }

            if (text.Synopsis.Length > MaxSynopsis)
            {
                errors[$"Texts[{i}].Synopsis"] = l["The synopsis can be at most {0} characters long.", MaxSynopsis];
            }

            if (text.DiscussionQuestions.Length > MaxQuestions)
            {
                errors[$"Texts[{i}].DiscussionQuestions"] = l["The questions can be at most {0} characters long.", MaxQuestions];
            }

            var suggested = Lines(text.SuggestedStatements);
            var tooLong = suggested.FindIndex(s => s.Length > Core.Dialogue.StatementText.MaxLength);
            if (tooLong >= 0)
            {
                errors[$"Texts[{i}].SuggestedStatements"] = l["Statement {0} is {1} characters long; a statement can be at most {2}.", tooLong + 1, suggested[tooLong].Length, Core.Dialogue.StatementText.MaxLength];
            }
            else if (text.SuggestedStatements.Length > MaxQuestions)
            {
                errors[$"Texts[{i}].SuggestedStatements"] = l["The suggested statements can be at most {0} characters long together.", MaxQuestions];
            }
        }

        for (var i = 0; i < m.Credits.Count; i++)
        {
            var credit = m.Credits[i];
            if (!FilmVocabulary.IsCreditRole(credit.Role))
            {
                errors[$"Credits[{i}].Role"] = l["Choose a role."];
            }

            if (string.IsNullOrWhiteSpace(credit.Name) || credit.Name.Length > 200)
            {
                errors[$"Credits[{i}].Name"] = l["Enter the person's name (at most 200 characters); it is shown only with their consent."];
            }
        }

        if (errors.Count > 0)
        {
            return new FilmChange(null, errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        Film film;
        if (command.FilmId is { } id)
        {
            var existing = await db.Films.Include(f => f.Translations).Include(f => f.Tags).Include(f => f.Credits)
                .AsSplitQuery().FirstOrDefaultAsync(f => f.Id == id, cancellationToken);
            if (existing is null)
            {
                return new FilmChange(null, new Dictionary<string, string> { [""] = l["The film no longer exists."] });
            }

            film = existing;
            db.FilmTags.RemoveRange(film.Tags);
            db.FilmCredits.RemoveRange(film.Credits);
            film.Tags.Clear();
            film.Credits.Clear();
        }
        else
        {
            film = new Film { Slug = slug, CreatedAt = now, IsDemo = command.IsDemo };
            db.Films.Add(film);
        }

        film.Slug = slug;
        film.Year = m.Year;
        film.IsPublished = m.IsPublished;
        film.UpdatedAt = now;
        foreach (var culture in SupportedCultures.All)
        {
            var input = texts.FirstOrDefault(t => t.Culture == culture.Name);
            var current = film.Translations.FirstOrDefault(t => t.Culture == culture.Name);
            if (input is null)
            {
                if (current is not null)
                {
                    db.FilmTranslations.Remove(current);
                }

                continue;
            }

            if (current is null)
            {
                current = new FilmTranslation { FilmId = film.Id, Culture = culture.Name, Title = "" };
                db.FilmTranslations.Add(current);
            }

            current.Title = input.Title.Trim();
            current.Synopsis = input.Synopsis.Trim();
            current.DiscussionQuestions = string.Join('\n', Lines(input.DiscussionQuestions));
            current.SuggestedStatements = string.Join('\n', Lines(input.SuggestedStatements));
        }

        foreach (var theme in m.Themes.Where(FilmVocabulary.IsTheme).Distinct(StringComparer.Ordinal))
        {
            db.FilmTags.Add(new FilmTag { FilmId = film.Id, Kind = FilmTagKind.Theme, Key = theme });
        }

        foreach (var note in m.ContentNotes.Where(FilmVocabulary.IsContentNote).Distinct(StringComparer.Ordinal))
        {
            db.FilmTags.Add(new FilmTag { FilmId = film.Id, Kind = FilmTagKind.ContentNote, Key = note });
        }

        var order = 0;
        foreach (var credit in m.Credits)
        {
            db.FilmCredits.Add(new FilmCredit
            {
                FilmId = film.Id,
                SortOrder = order++,
                Role = credit.Role,
                Name = credit.Name.Trim(),
                Pseudonym = string.IsNullOrWhiteSpace(credit.Pseudonym) ? null : credit.Pseudonym.Trim(),
                ConsentToName = credit.ConsentToName,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        await indexer.ReindexAsync(film.Id, cancellationToken);
        LogSaved(logger, film.Id);
        return new FilmChange(film.Id, new Dictionary<string, string>());
    }

    /// <summary>Non-empty lines, trimmed (questions and suggested statements are kept one per line).</summary>
    public static List<string> Lines(string text) =>
        [.. text.Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    [LoggerMessage(Level = LogLevel.Information, Message = "Film {FilmId} metadata saved")]
    private static partial void LogSaved(ILogger logger, Guid filmId);
}
