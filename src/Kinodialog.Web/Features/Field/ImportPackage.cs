using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Films;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Field;

/// <summary>
/// Writes a downloaded <see cref="ScreeningPackage"/> into the laptop's database in one transaction:
/// the screening (same id and owner), its films with texts, credits, tags, media files and subtitles
/// (only files already on disk), the questionnaire versions, handbook chapters, seeded statements and
/// the blocklist. Idempotent: importing the same package again updates rows, never duplicates them.
/// Results gathered on the laptop (participants, votes, answers, the dialogue's stage) are never touched.
/// </summary>
public sealed partial class ImportPackage(
    KinodialogDbContext db, UserManager<StaffUser> users, FilmIndexer indexer, FileDownloader files, TimeProvider clock, ILogger<ImportPackage> logger)
{
    public async Task HandleAsync(ScreeningPackage package, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (package.FormatVersion != FieldLimits.FormatVersion)
        {
            throw new InvalidDataException($"Package format {package.FormatVersion} is not {FieldLimits.FormatVersion}.");
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            await EnsureOwnerAsync(package.Screening.OwnerId, now);
            foreach (var film in package.Films)
            {
                await ImportFilmAsync(film, now, cancellationToken);
            }

            foreach (var version in package.Questionnaires)
            {
                await ImportQuestionnaireAsync(version, now, cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            await ImportScreeningAsync(package.Screening, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var chapter in package.Handbook)
            {
                await ImportChapterAsync(chapter, now, cancellationToken);
            }

            foreach (var statement in package.Statements)
            {
                await ImportStatementAsync(package.Screening.Id, statement, cancellationToken);
            }

            foreach (var entry in package.Blocklist)
            {
                var existing = await db.BlocklistEntries.FirstOrDefaultAsync(b => b.Id == entry.Id, cancellationToken);
                if (existing is null)
                {
                    db.BlocklistEntries.Add(new BlocklistEntry { Id = entry.Id, ScreeningId = entry.ScreeningId, Culture = entry.Culture, Term = entry.Term });
                }
                else
                {
                    (existing.Culture, existing.Term) = (entry.Culture, entry.Term);
                }
            }

            var checkout = await db.FieldCheckouts.FirstOrDefaultAsync(c => c.ScreeningId == package.Screening.Id, cancellationToken);
            if (checkout is null)
            {
                db.FieldCheckouts.Add(new FieldCheckout { ScreeningId = package.Screening.Id, DownloadedAt = now });
            }
            else
            {
                checkout.DownloadedAt = now;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });

        db.ChangeTracker.Clear();
        foreach (var film in package.Films)
        {
            await indexer.ReindexAsync(film.Id, cancellationToken);
        }

        LogImported(logger, package.Screening.Id, package.Films.Count);
    }

    /// <summary>The owner must exist (a foreign key); when not a facilitator here, a disabled placeholder stands in.</summary>
    private async Task EnsureOwnerAsync(Guid ownerId, DateTime now)
    {
        if (await users.FindByIdAsync(ownerId.ToString()) is not null)
        {
            return;
        }

        var placeholder = new StaffUser
        {
            Id = ownerId,
            Email = $"owner-{ownerId:N}@central.invalid",
            UserName = $"owner-{ownerId:N}@central.invalid",
            DisplayName = "—",
            IsDisabled = true,
            CreatedAt = now,
        };
        var created = await users.CreateAsync(placeholder);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        }
    }

    private async Task ImportFilmAsync(PackageFilm source, DateTime now, CancellationToken cancellationToken)
    {
        var film = await db.Films.Include(f => f.Translations).Include(f => f.Credits).Include(f => f.Tags).Include(f => f.Subtitles)
            .FirstOrDefaultAsync(f => f.Id == source.Id, cancellationToken);
        if (film is null)
        {
            var slug = source.Slug;
            if (await db.Films.AnyAsync(f => f.Slug == slug, cancellationToken))
            {
                slug = $"{source.Slug}-{source.Id.ToString("N")[..8]}";
            }

            film = new Film { Id = source.Id, Slug = slug, CreatedAt = now };
            db.Films.Add(film);
        }

        film.Year = source.Year;
        film.DurationSeconds = source.DurationSeconds;
        film.IsDemo = source.IsDemo;
        film.IsPublished = source.IsPublished;
        film.UpdatedAt = now;

        foreach (var text in source.Translations)
        {
            var translation = film.Translations.FirstOrDefault(t => t.Culture == text.Culture);
            if (translation is null)
            {
                translation = new FilmTranslation { FilmId = film.Id, Culture = text.Culture, Title = text.Title };
                film.Translations.Add(translation);
            }

            translation.Title = text.Title;
            translation.Synopsis = text.Synopsis;
            translation.DiscussionQuestions = text.DiscussionQuestions;
            translation.SuggestedStatements = text.SuggestedStatements;
        }

        db.FilmCredits.RemoveRange(film.Credits);
        film.Credits.Clear();
        film.Credits.AddRange(source.Credits.Select(c => new FilmCredit
        {
            FilmId = film.Id,
            SortOrder = c.SortOrder,
            Role = c.Role,
            Name = c.ConsentToName ? c.Name : "",
            Pseudonym = c.Pseudonym,
            ConsentToName = c.ConsentToName,
        }));
        foreach (var tag in film.Tags.ToList())
        {
            if (!source.Tags.Any(t => (int)tag.Kind == t.Kind && tag.Key == t.Key))
            {
                film.Tags.Remove(tag);
                db.FilmTags.Remove(tag);
            }
        }

        foreach (var tag in source.Tags.Where(t => !film.Tags.Any(x => (int)x.Kind == t.Kind && x.Key == t.Key)))
        {
            film.Tags.Add(new FilmTag { FilmId = film.Id, Kind = (FilmTagKind)tag.Kind, Key = tag.Key });
        }

        foreach (var subtitle in source.Subtitles.Where(s => files.IsStored(film.Id, s.Sha256.ToLowerInvariant(), "vtt", s.Size)))
        {
            var relative = FileDownloader.RelativePath(film.Id, subtitle.Sha256.ToLowerInvariant(), "vtt");
            var track = film.Subtitles.FirstOrDefault(t => t.Culture == subtitle.Culture);
            if (track is null)
            {
                track = new SubtitleTrack { FilmId = film.Id, Culture = subtitle.Culture, Sha256 = subtitle.Sha256, RelativePath = relative };
                film.Subtitles.Add(track);
            }

            track.Sha256 = subtitle.Sha256.ToLowerInvariant();
            track.RelativePath = relative;
            track.CueCount = subtitle.CueCount;
            track.UpdatedAt = now;
        }

        var present = source.Renditions.Where(r => files.IsStored(film.Id, r.Sha256.ToLowerInvariant(), Extension(r.ContentType), r.Size)).ToList();
        if (present.Count == 0)
        {
            return;
        }

        // The files came encoded from the central instance; a finished encoding job row holds them (the foreign keys need one).
        var job = film.CurrentEncodingId is { } current
            ? await db.EncodingJobs.Include(j => j.Files).FirstOrDefaultAsync(j => j.Id == current, cancellationToken)
            : null;
        if (job is null)
        {
            job = new EncodingJob
            {
                FilmId = film.Id,
                UploadId = Guid.Empty,
                Status = EncodingStatus.Succeeded,
                Progress = 1,
                Attempts = 1,
                CreatedAt = now,
                StartedAt = now,
                FinishedAt = now,
            };
            db.EncodingJobs.Add(job);
            film.CurrentEncodingId = job.Id;
        }

        foreach (var file in present)
        {
            var relative = FileDownloader.RelativePath(film.Id, file.Sha256.ToLowerInvariant(), Extension(file.ContentType));
            var row = job.Files.FirstOrDefault(f => f.Rendition == file.Rendition);
            if (row is null)
            {
                row = new MediaFile { EncodingJobId = job.Id, FilmId = film.Id, Rendition = file.Rendition, Sha256 = file.Sha256, RelativePath = relative, ContentType = file.ContentType };
                job.Files.Add(row);
            }

            row.Width = file.Width;
            row.Height = file.Height;
            row.Size = file.Size;
            row.Sha256 = file.Sha256.ToLowerInvariant();
            row.RelativePath = relative;
            row.ContentType = file.ContentType;
        }
    }

    private async Task ImportQuestionnaireAsync(PackageQuestionnaireVersion source, DateTime now, CancellationToken cancellationToken)
    {
        if (await db.QuestionnaireVersions.AnyAsync(v => v.Id == source.VersionId, cancellationToken))
        {
            return; // a published version never changes
        }

        var questionnaire = await db.Questionnaires.FirstOrDefaultAsync(q => q.Id == source.QuestionnaireId, cancellationToken)
            ?? await db.Questionnaires.FirstOrDefaultAsync(q => q.Key == source.QuestionnaireKey, cancellationToken);
        if (questionnaire is null)
        {
            questionnaire = new Questionnaire { Id = source.QuestionnaireId, Key = source.QuestionnaireKey, CreatedAt = now };
            db.Questionnaires.Add(questionnaire);
            await db.SaveChangesAsync(cancellationToken);
        }

        var number = source.Number;
        var clash = await db.QuestionnaireVersions.FirstOrDefaultAsync(v => v.QuestionnaireId == questionnaire.Id && v.Number == number, cancellationToken);
        if (clash is not null)
        {
            // The laptop's own copy of a shipped questionnaire (made by migrate): unused, the central one replaces it.
            var used = await db.Screenings.AnyAsync(s => s.QuestionnaireVersionId == clash.Id, cancellationToken)
                || await db.SurveyResponses.AnyAsync(r => r.QuestionnaireVersionId == clash.Id, cancellationToken);
            if (used)
            {
                number = await db.QuestionnaireVersions.Where(v => v.QuestionnaireId == questionnaire.Id).MaxAsync(v => v.Number, cancellationToken) + 1;
            }
            else
            {
                db.QuestionnaireVersions.Remove(clash);
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        db.QuestionnaireVersions.Add(new QuestionnaireVersion
        {
            Id = source.VersionId,
            QuestionnaireId = questionnaire.Id,
            Number = number,
            Definition = source.Definition,
            PublishedAt = source.PublishedAt,
            CreatedAt = now,
            UpdatedAt = now,
        });
    }

    private async Task ImportScreeningAsync(PackageScreening source, DateTime now, CancellationToken cancellationToken)
    {
        var screening = await db.Screenings.Include(s => s.Films).Include(s => s.Checklist).FirstOrDefaultAsync(s => s.Id == source.Id, cancellationToken);
        if (screening is null)
        {
            screening = new Screening
            {
                Id = source.Id,
                Title = source.Title,
                TimeZoneId = source.TimeZoneId,
                EventCulture = source.EventCulture,
                Status = source.Status,
                JoinCode = source.JoinCode,
                CardsPrinted = source.CardsPrinted,
                CardKey = source.CardKey is null ? null : Convert.FromBase64String(source.CardKey),
                PostModeration = source.PostModeration,
                CreatedAt = now,
            };
            db.Screenings.Add(screening);
        }

        // Planning fields follow the central copy; what happened on the laptop (stage, attendance, notes) stays.
        screening.OwnerId = source.OwnerId;
        screening.Title = source.Title;
        screening.StartsAtUtc = source.StartsAtUtc;
        screening.TimeZoneId = source.TimeZoneId;
        screening.Venue = source.Venue;
        screening.City = source.City;
        screening.Country = source.Country;
        screening.Visibility = source.Visibility;
        screening.EventCulture = source.EventCulture;
        screening.SubtitleCulture = source.SubtitleCulture;
        screening.AudienceCultures = [.. source.AudienceCultures];
        screening.DiscussionMinutes = source.DiscussionMinutes;
        screening.Facilitators = source.Facilitators;
        screening.AudienceType = source.AudienceType;
        screening.ExpectedSize = source.ExpectedSize;
        screening.QuestionnaireVersionId ??= source.QuestionnaireVersionId;
        screening.UpdatedAt = now;

        var films = source.FilmIds.Select((id, position) => (id, position)).ToList();
        foreach (var old in screening.Films.Where(f => !films.Contains((f.FilmId, f.Position))).ToList())
        {
            screening.Films.Remove(old);
            db.Remove(old);
        }

        foreach (var (id, position) in films.Where(f => !screening.Films.Any(x => x.FilmId == f.id && x.Position == f.position)))
        {
            screening.Films.Add(new ScreeningFilm { ScreeningId = screening.Id, FilmId = id, Position = position });
        }

        foreach (var item in source.Checklist.Where(i => !screening.Checklist.Any(x => x.Id == i.Id || x.Key == i.Key)))
        {
            screening.Checklist.Add(new ScreeningChecklistItem { Id = item.Id, ScreeningId = screening.Id, Position = item.Position, Key = item.Key, Done = item.Done, DoneAt = item.DoneAt });
        }
    }

    private async Task ImportChapterAsync(PackageHandbookChapter source, DateTime now, CancellationToken cancellationToken)
    {
        var chapter = await db.HandbookChapters.Include(c => c.Translations).ThenInclude(t => t.Versions)
            .FirstOrDefaultAsync(c => c.Id == source.Id, cancellationToken)
            ?? await db.HandbookChapters.Include(c => c.Translations).ThenInclude(t => t.Versions)
                .FirstOrDefaultAsync(c => c.Slug == source.Slug, cancellationToken);
        if (chapter is null)
        {
            chapter = new HandbookChapter { Id = source.Id, Slug = source.Slug, SourceCulture = source.SourceCulture, SortOrder = source.SortOrder, CreatedAt = now };
            db.HandbookChapters.Add(chapter);
        }

        foreach (var text in source.Translations)
        {
            var translation = chapter.Translations.FirstOrDefault(t => t.Culture == text.Culture);
            if (translation is null)
            {
                translation = new HandbookTranslation { ChapterId = chapter.Id, Culture = text.Culture, Title = text.Title, Markdown = text.Markdown };
                chapter.Translations.Add(translation);
            }

            translation.Title = text.Title;
            translation.Markdown = text.Markdown;
            translation.Revision = Math.Max(translation.Revision, text.Revision);
            translation.IsPublished = true;
            translation.PublishedAt ??= now;
            translation.UpdatedAt = now;
            if (!translation.Versions.Any(v => v.Number == translation.Revision))
            {
                translation.Versions.Add(new HandbookVersion { Number = translation.Revision, Title = text.Title, Markdown = text.Markdown, CreatedAt = now, Note = "central" });
            }
        }
    }

    private async Task ImportStatementAsync(Guid screeningId, PackageStatement source, CancellationToken cancellationToken)
    {
        if (!await db.Statements.AnyAsync(s => s.Id == source.Id, cancellationToken))
        {
            db.Statements.Add(new Statement
            {
                Id = source.Id,
                ScreeningId = screeningId,
                Text = source.Text,
                Culture = source.Culture,
                Status = (StatementStatus)source.Status,
                IsMeta = source.IsMeta,
                Number = source.Number,
                CreatedAt = source.CreatedAt,
            });
        }

        foreach (var text in source.Translations)
        {
            var translation = await db.StatementTranslations.FirstOrDefaultAsync(t => t.StatementId == source.Id && t.Culture == text.Culture, cancellationToken);
            if (translation is null)
            {
                db.StatementTranslations.Add(new StatementTranslation { StatementId = source.Id, Culture = text.Culture, Text = text.Text });
            }
            else
            {
                translation.Text = text.Text;
            }
        }
    }

    /// <summary>File extension of a rendition by its content type (as the encoder names its files).</summary>
    public static string Extension(string contentType) => contentType switch
    {
        "video/mp4" => "mp4",
        "video/webm" => "webm",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/webp" => "webp",
        "text/vtt" => "vtt",
        _ => "bin",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Screening {ScreeningId} imported from its package with {Films} film(s)")]
    private static partial void LogImported(ILogger logger, Guid screeningId, int films);
}
