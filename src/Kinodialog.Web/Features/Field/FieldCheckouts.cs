using System.Security.Claims;
using Kinodialog.Core.Accounts;
using Kinodialog.Core.Screenings;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Features.Films;
using Kinodialog.Web.Features.Screenings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Field;

/// <summary>What the check-out page shows about one screening.</summary>
public sealed record CheckoutView(
    Guid ScreeningId, string Title, ScreeningStatus Status, bool Closed, Guid? CheckedOutToDeviceId, string? DeviceName, DateTime? CheckedOutAt,
    long EstimatedBytes, IReadOnlyList<FieldDeviceItem> Devices, bool CanCancel);

/// <summary>The files of a screening's films (renditions of their current encoding, subtitles) and their sizes.</summary>
public sealed class ScreeningFiles(KinodialogDbContext db, MediaStorage storage)
{
    public sealed record FileEntry(string Sha256, string RelativePath, long Size, string ContentType);

    public async Task<IReadOnlyList<FileEntry>> HandleAsync(Guid screeningId, CancellationToken cancellationToken)
    {
        var filmIds = await db.ScreeningFilms.AsNoTracking().Where(f => f.ScreeningId == screeningId).Select(f => f.FilmId).ToListAsync(cancellationToken);
        var renditions = await db.MediaFiles.AsNoTracking()
            .Where(m => filmIds.Contains(m.FilmId) && db.Films.Any(f => f.Id == m.FilmId && f.CurrentEncodingId == m.EncodingJobId))
            .Select(m => new FileEntry(m.Sha256, m.RelativePath, m.Size, m.ContentType)).ToListAsync(cancellationToken);
        var subtitles = await db.SubtitleTracks.AsNoTracking().Where(s => filmIds.Contains(s.FilmId))
            .Select(s => new { s.Sha256, s.RelativePath }).ToListAsync(cancellationToken);
        return renditions
            .Concat(subtitles.Select(s => new FileEntry(s.Sha256, s.RelativePath, SizeOf(s.RelativePath), "text/vtt; charset=utf-8")))
            .ToList();
    }

    public long SizeOf(string relativePath)
    {
        var file = new FileInfo(storage.FullPath(relativePath));
        return file.Exists ? file.Length : 0;
    }

    public string FullPath(string relativePath) => storage.FullPath(relativePath);
}

/// <summary>Checks a planned screening out to an enrolled laptop, or cancels a check-out (programme staff).</summary>
public sealed class CheckOutScreening(
    KinodialogDbContext db, ScreeningAccess access, ScreeningFiles files, ListFieldDevices devices, ScreeningEvents events, StaffAuditLog audit,
    IStringLocalizer<FieldResource> l, TimeProvider clock)
{
    public async Task<CheckoutView?> LoadAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var screening = await access.For(user).AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (screening is null)
        {
            return null;
        }

        var all = await devices.HandleAsync(cancellationToken);
        var userId = StaffAuditLog.ActorOf(user) ?? Guid.Empty;
        var overseer = StaffRoles.ScreeningOverseers.Any(user.IsInRole);
        var allowedIds = overseer
            ? null
            : await db.FieldDeviceFacilitators.AsNoTracking().Where(f => f.StaffUserId == userId).Select(f => f.DeviceId).ToListAsync(cancellationToken);
        var usable = all.Where(d => d.Usable && (allowedIds is null || allowedIds.Contains(d.Id))).ToList();
        var size = (await files.HandleAsync(id, cancellationToken)).Sum(f => f.Size);
        return new CheckoutView(
            screening.Id, screening.Title, screening.Status, screening.ClosedAt is not null, screening.CheckedOutToDeviceId,
            all.FirstOrDefault(d => d.Id == screening.CheckedOutToDeviceId)?.Name, screening.CheckedOutAt, size, usable, overseer);
    }

    /// <summary>Null when done; otherwise why not, in the user's language.</summary>
    public async Task<string?> CheckOutAsync(Guid id, Guid deviceId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var view = await LoadAsync(id, user, cancellationToken);
        if (view is null)
        {
            return l["This screening does not exist."];
        }

        if (view.Status != ScreeningStatus.Planned || view.Closed)
        {
            return l["Only a planned screening that is not closed can be taken to a laptop."];
        }

        if (view.CheckedOutToDeviceId is not null)
        {
            return l["This screening is already on the laptop «{0}».", view.DeviceName ?? ""];
        }

        if (view.Devices.All(d => d.Id != deviceId))
        {
            return l["Choose an enrolled laptop you are a facilitator of."];
        }

        var now = clock.GetUtcNow().UtcDateTime;
        int changed;
        using (CheckedOutScreeningGuard.AllowFieldSync())
        {
            changed = await db.Screenings.Where(s => s.Id == id && s.CheckedOutToDeviceId == null && s.ClosedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.CheckedOutToDeviceId, deviceId).SetProperty(x => x.CheckedOutAt, now), cancellationToken);
        }

        if (changed != 1)
        {
            return l["This screening was changed meanwhile; look again."];
        }

        await audit.RecordAsync(FieldAuditActions.CheckedOut, user, detail: $"screening {id} device {deviceId}");
        await events.PublishAsync(id, cancellationToken);
        return null;
    }

    public async Task<bool> CancelAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!StaffRoles.ScreeningOverseers.Any(user.IsInRole))
        {
            return false;
        }

        var changed = await db.Screenings.Where(s => s.Id == id && s.CheckedOutToDeviceId != null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.CheckedOutToDeviceId, (Guid?)null).SetProperty(x => x.CheckedOutAt, (DateTime?)null), cancellationToken);
        if (changed == 1)
        {
            await audit.RecordAsync(FieldAuditActions.CheckOutCancelled, user, detail: $"screening {id}");
            await events.PublishAsync(id, cancellationToken);
        }

        return changed == 1;
    }
}

/// <summary>What a laptop downloads: its list of screenings, each screening's package, and the files.</summary>
public sealed class DeviceCheckouts(KinodialogDbContext db, ScreeningFiles files)
{
    public async Task<CheckoutList> ListAsync(Guid deviceId, CancellationToken cancellationToken)
    {
        var screenings = await db.Screenings.AsNoTracking().Where(s => s.CheckedOutToDeviceId == deviceId).OrderBy(s => s.StartsAtUtc)
            .Select(s => new { s.Id, s.Title, s.StartsAtUtc, s.TimeZoneId, s.CheckedOutAt }).ToListAsync(cancellationToken);
        var items = new List<CheckoutSummary>();
        foreach (var s in screenings)
        {
            var size = (await files.HandleAsync(s.Id, cancellationToken)).Sum(f => f.Size);
            items.Add(new CheckoutSummary(s.Id, s.Title, s.StartsAtUtc, s.TimeZoneId, s.CheckedOutAt ?? s.StartsAtUtc, size));
        }

        return new CheckoutList(items);
    }

    public async Task<ScreeningPackage?> PackageAsync(Guid deviceId, Guid screeningId, CancellationToken cancellationToken)
    {
        var s = await db.Screenings.AsNoTracking().Include(x => x.Films).Include(x => x.Checklist).AsSplitQuery()
            .FirstOrDefaultAsync(x => x.Id == screeningId && x.CheckedOutToDeviceId == deviceId, cancellationToken);
        if (s is null)
        {
            return null;
        }

        var filmIds = s.Films.OrderBy(f => f.Position).Select(f => f.FilmId).ToList();
        var films = await db.Films.AsNoTracking().Where(f => filmIds.Contains(f.Id))
            .Include(f => f.Translations).Include(f => f.Credits).Include(f => f.Tags).Include(f => f.Subtitles).AsSplitQuery()
            .ToListAsync(cancellationToken);
        var encodings = films.Where(f => f.CurrentEncodingId != null).Select(f => f.CurrentEncodingId!.Value).ToList();
        var media = await db.MediaFiles.AsNoTracking().Where(m => encodings.Contains(m.EncodingJobId)).ToListAsync(cancellationToken);
        var packageFilms = filmIds.Select(id => films.First(f => f.Id == id)).Select(f => new PackageFilm(
                f.Id, f.Slug, f.Year, f.DurationSeconds, f.IsDemo, f.IsPublished,
                f.Translations.OrderBy(t => t.Culture, StringComparer.Ordinal).Select(t => new PackageFilmTranslation(t.Culture, t.Title, t.Synopsis, t.DiscussionQuestions, t.SuggestedStatements)).ToList(),
                f.Credits.OrderBy(c => c.SortOrder).Select(c => new PackageFilmCredit(c.SortOrder, c.Role, c.ConsentToName ? c.Name : "", c.Pseudonym, c.ConsentToName)).ToList(),
                f.Tags.Select(t => new PackageFilmTag((int)t.Kind, t.Key)).ToList(),
                media.Where(m => m.EncodingJobId == f.CurrentEncodingId).OrderBy(m => m.Height)
                    .Select(m => new PackageFile(m.Rendition, m.Width, m.Height, m.Size, m.Sha256, m.ContentType)).ToList(),
                f.Subtitles.OrderBy(t => t.Culture, StringComparer.Ordinal).Select(t => new PackageSubtitle(t.Culture, t.Sha256, files.SizeOf(t.RelativePath), t.CueCount)).ToList()))
            .ToList();

        var questionnaires = await db.QuestionnaireVersions.AsNoTracking()
            .Where(v => v.PublishedAt != null || v.Id == s.QuestionnaireVersionId)
            .Join(db.Questionnaires, v => v.QuestionnaireId, q => q.Id, (v, q) => new PackageQuestionnaireVersion(q.Id, q.Key, v.Id, v.Number, v.Definition, v.PublishedAt))
            .ToListAsync(cancellationToken);
        var chapters = await db.HandbookChapters.AsNoTracking().Include(c => c.Translations).OrderBy(c => c.SortOrder).ToListAsync(cancellationToken);
        var handbook = chapters
            .Select(c => new PackageHandbookChapter(c.Id, c.Slug, c.SourceCulture, c.SortOrder,
                c.Translations.Where(t => t.IsPublished).OrderBy(t => t.Culture, StringComparer.Ordinal).Select(t => new PackageHandbookTranslation(t.Culture, t.Title, t.Markdown, t.Revision)).ToList()))
            .Where(c => c.Translations.Count > 0)
            .ToList();
        var statements = await db.Statements.AsNoTracking().Where(x => x.ScreeningId == s.Id).OrderBy(x => x.Number).ToListAsync(cancellationToken);
        var statementIds = statements.Select(x => x.Id).ToList();
        var translations = await db.StatementTranslations.AsNoTracking().Where(t => statementIds.Contains(t.StatementId)).ToListAsync(cancellationToken);
        var blocklist = await db.BlocklistEntries.AsNoTracking().Where(b => b.ScreeningId == null || b.ScreeningId == s.Id)
            .Select(b => new PackageBlocklistEntry(b.Id, b.ScreeningId, b.Culture, b.Term)).ToListAsync(cancellationToken);

        var screening = new PackageScreening(
            s.Id, s.OwnerId, s.Title, s.StartsAtUtc, s.TimeZoneId, s.Venue, s.City, s.Country, s.Visibility, s.EventCulture, s.SubtitleCulture,
            s.AudienceCultures, s.DiscussionMinutes, s.Facilitators, s.AudienceType, s.ExpectedSize, s.Status, s.JoinCode, s.QuestionnaireVersionId,
            s.CardsPrinted, s.CardKey is null ? null : Convert.ToBase64String(s.CardKey), s.PostModeration, filmIds,
            s.Checklist.OrderBy(c => c.Position).Select(c => new PackageChecklistItem(c.Id, c.Position, c.Key, c.Done, c.DoneAt)).ToList());
        return new ScreeningPackage(
            FieldLimits.FormatVersion, screening, packageFilms, questionnaires, handbook,
            statements.Select(x => new PackageStatement(x.Id, x.Number, x.Text, x.Culture, (int)x.Status, x.IsMeta, x.CreatedAt,
                translations.Where(t => t.StatementId == x.Id).OrderBy(t => t.Culture, StringComparer.Ordinal).Select(t => new PackageTranslation(t.Culture, t.Text)).ToList())).ToList(),
            blocklist);
    }

    /// <summary>The file with this hash if it belongs to a film of a screening checked out to this device.</summary>
    public async Task<(string Path, string ContentType)?> FileAsync(Guid deviceId, string sha256, CancellationToken cancellationToken)
    {
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            return null;
        }

        var screenings = await db.Screenings.AsNoTracking().Where(s => s.CheckedOutToDeviceId == deviceId).Select(s => s.Id).ToListAsync(cancellationToken);
        foreach (var id in screenings)
        {
            var file = (await files.HandleAsync(id, cancellationToken)).FirstOrDefault(f => string.Equals(f.Sha256, sha256, StringComparison.Ordinal));
            if (file is not null)
            {
                var path = files.FullPath(file.RelativePath);
                return File.Exists(path) ? (path, file.ContentType) : null;
            }
        }

        return null;
    }
}
