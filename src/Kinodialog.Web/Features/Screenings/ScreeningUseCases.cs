using System.Security.Claims;
using Kinodialog.Core.Accounts;
using Kinodialog.Core.Films;
using Kinodialog.Core.Localization;
using Kinodialog.Core.Screenings;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Films;
using Kinodialog.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Screenings;

/// <summary>
/// Which screenings a staff member may see: programme staff all, organisers their own. Anything else
/// is "not found" (not "forbidden"), so that a screening's existence is not revealed.
/// </summary>
public sealed class ScreeningAccess(KinodialogDbContext db, IOptions<FieldModeOptions> fieldMode)
{
    public IQueryable<Screening> For(ClaimsPrincipal user)
    {
        // On a field laptop every screening was checked out to it, for all of its facilitators.
        if (StaffRoles.ScreeningOverseers.Any(user.IsInRole) || fieldMode.Value.Enabled)
        {
            return db.Screenings;
        }

        var id = Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var parsed) ? parsed : Guid.Empty;
        return db.Screenings.Where(s => s.OwnerId == id);
    }

    /// <summary>The screenings whose statements the user may translate: their own, or every one for programme staff and translators.</summary>
    public IQueryable<Screening> ForTranslation(ClaimsPrincipal user) =>
        user.IsInRole(StaffRoles.Translator) ? db.Screenings : For(user);

    public static Guid UserId(ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);
}

public static class ScreeningClock
{
    /// <summary>Joining opens an hour before the start, or earlier when the organiser opens it.</summary>
    public static readonly TimeSpan JoinOpensBefore = TimeSpan.FromHours(1);

    /// <summary>Joining is open: not closed or cancelled, not on a field laptop, and opened or within the hour before the start.</summary>
    public static bool JoinOpen(Screening s, DateTime nowUtc) =>
        s.JoinCode is not null && s.ClosedAt is null && s.Status != ScreeningStatus.Cancelled && s.CheckedOutToDeviceId is null
        && (s.OpenedAt is not null || nowUtc >= s.StartsAtUtc - JoinOpensBefore);

    public static TimeZoneInfo Zone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}

/// <summary>One screening with its films, running order in local time, checklist and counts.</summary>
public sealed class GetScreening(KinodialogDbContext db, ScreeningAccess access, TimeProvider clock)
{
    /// <summary>The time zone of the user's own most recently planned screening (a new plan starts there), or null.</summary>
    public async Task<string?> LastTimeZoneAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var owner))
        {
            return null;
        }

        return await db.Screenings.AsNoTracking().Where(s => s.OwnerId == owner)
            .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)
            .Select(s => s.TimeZoneId).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<ScreeningView?> HandleAsync(Guid id, ClaimsPrincipal user, string culture, CancellationToken cancellationToken)
    {
        var screening = await access.For(user).AsNoTracking()
            .Include(s => s.Films).Include(s => s.Checklist)
            .AsSplitQuery()
            .FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        return screening is null ? null : await ViewAsync(screening, culture, cancellationToken);
    }

    public async Task<ScreeningView> ViewAsync(Screening screening, string culture, CancellationToken cancellationToken)
    {
        var filmIds = screening.Films.Select(f => f.FilmId).ToList();
        var films = await db.Films.AsNoTracking()
            .Where(f => filmIds.Contains(f.Id))
            .Include(f => f.Translations).Include(f => f.Tags).Include(f => f.Subtitles)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        var encodings = films.Where(f => f.CurrentEncodingId != null).Select(f => f.CurrentEncodingId!.Value).ToList();
        var files = await db.MediaFiles.AsNoTracking().Where(m => encodings.Contains(m.EncodingJobId)).ToListAsync(cancellationToken);
        var views = screening.Films.OrderBy(f => f.Position)
            .Select(sf => films.First(f => f.Id == sf.FilmId))
            .Select(f =>
            {
                var text = f.Translations.FirstOrDefault(t => t.Culture == culture)
                    ?? f.Translations.FirstOrDefault(t => t.Culture == SupportedCultures.English.Name)
                    ?? f.Translations.FirstOrDefault();
                var own = files.Where(m => m.EncodingJobId == f.CurrentEncodingId).ToList();
                var video = own.FirstOrDefault(m => m.Rendition == "720p") ?? own.Where(m => m.Rendition != FilmRenditions.Poster).MaxBy(m => m.Height);
                return new ScreeningFilmView(
                    f.Id,
                    f.Slug,
                    text?.Title ?? f.Slug,
                    text?.Culture ?? culture,
                    f.DurationSeconds,
                    FilmVocabulary.ContentNotes.Where(n => f.Tags.Any(t => t.Kind == FilmTagKind.ContentNote && t.Key == n)).ToList(),
                    (text?.DiscussionQuestions ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    text?.Culture,
                    video is null ? null : MediaStorage.Url(video.RelativePath),
                    own.FirstOrDefault(m => m.Rendition == FilmRenditions.Poster) is { } poster ? MediaStorage.Url(poster.RelativePath) : null,
                    SupportedCultures.All.SelectMany(c => f.Subtitles.Where(s => s.Culture == c.Name)).Select(s => (s.Culture, MediaStorage.Url(s.RelativePath))).ToList());
            })
            .ToList();

        var zone = ScreeningClock.Zone(screening.TimeZoneId);
        var localStart = ScreeningPlan.ToLocal(screening.StartsAtUtc, zone);
        var order = ScreeningPlan.RunningOrder(
                views.Select(v => (v.FilmId.ToString(), TimeSpan.FromSeconds(Math.Ceiling(v.DurationSeconds ?? 0)))).ToList(),
                TimeSpan.FromMinutes(screening.DiscussionMinutes))
            .Select(item => new RunningOrderLine(
                item.Kind,
                item.FilmId is null ? null : views.First(v => v.FilmId.ToString() == item.FilmId),
                ScreeningPlan.ToLocal(screening.StartsAtUtc + item.Start, zone),
                item.Length))
            .ToList();
        var participants = await db.Participants.CountAsync(p => p.ScreeningId == screening.Id && p.OnPhone, cancellationToken);
        var checkedOut = screening.CheckedOutToDeviceId is { } deviceId
            ? new CheckedOutView(
                await db.FieldDevices.AsNoTracking().Where(d => d.Id == deviceId).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken) ?? "",
                ScreeningPlan.ToLocal(screening.CheckedOutAt ?? screening.UpdatedAt, zone))
            : null;
        return new ScreeningView(
            screening.Id, screening.OwnerId, screening.Title, screening.StartsAtUtc, localStart, screening.TimeZoneId, screening.Venue, screening.City,
            screening.Country, screening.Visibility, screening.EventCulture, screening.SubtitleCulture, screening.DiscussionMinutes, screening.Facilitators,
            screening.AudienceType, screening.ExpectedSize, screening.Status, screening.JoinCode,
            ScreeningClock.JoinOpen(screening, clock.GetUtcNow().UtcDateTime), screening.ClosedAt, screening.Stage, screening.CurrentFilm, participants,
            screening.AttendanceTotal, screening.AttendanceArmenian, screening.AttendanceAzerbaijani, screening.AttendanceOther, screening.Notes, screening.Incidents,
            views, order, screening.Checklist.OrderBy(c => c.Position).Select(c => new ChecklistView(c.Id, c.Key, c.Done)).ToList())
        {
            AudienceCultures = screening.AudienceCultures,
            QuestionnaireVersionId = screening.QuestionnaireVersionId,
            CheckedOut = checkedOut,
        };
    }
}

/// <summary>Creates or changes a screening plan; errors are keyed by form field.</summary>
public sealed partial class SaveScreening(KinodialogDbContext db, ScreeningAccess access, IStringLocalizer<ScreeningsResource> l, TimeProvider clock, ILogger<SaveScreening> logger)
{
    public sealed record Result(Guid? Id, IReadOnlyDictionary<string, string> Errors);

    public async Task<Result> HandleAsync(Guid? id, ScreeningInput input, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Trim().Length > 200)
        {
            errors["Title"] = l["Enter a title (at most 200 characters)."];
        }

        if (input.LocalStart is null)
        {
            errors["LocalStart"] = l["Enter the date and time, as on the clocks at the venue."];
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(input.TimeZoneId ?? "", out var zone) || !(input.TimeZoneId ?? "").Contains('/', StringComparison.Ordinal) && input.TimeZoneId != "UTC")
        {
            errors["TimeZoneId"] = l["Choose the venue's time zone, e.g. Asia/Baku."];
        }

        if (input.Venue.Length > 200 || input.City.Length > 100 || input.Country.Length > 100)
        {
            errors["Venue"] = l["The venue, city or country is too long."];
        }

        if (SupportedCultures.Find(input.EventCulture)?.Name != input.EventCulture)
        {
            errors["EventCulture"] = l["Choose the language of the event."];
        }

        if (input.SubtitleCulture is { Length: > 0 } subtitles && SupportedCultures.Find(subtitles)?.Name != subtitles)
        {
            errors["SubtitleCulture"] = l["Choose the subtitle language."];
        }

        if (input.AudienceCultures is { } audience && audience.Any(c => SupportedCultures.Find(c)?.Name != c))
        {
            errors["AudienceCultures"] = l["Choose the audience's languages from the list."];
        }

        if (input.DiscussionMinutes is < 0 or > 600)
        {
            errors["DiscussionMinutes"] = l["Plan between 0 and 600 minutes of discussion."];
        }

        if (!ScreeningVocabulary.AudienceTypes.Contains(input.AudienceType, StringComparer.Ordinal))
        {
            errors["AudienceType"] = l["Choose the kind of audience."];
        }

        if (input.ExpectedSize is < 1 or > 100_000)
        {
            errors["ExpectedSize"] = l["Enter a number of people between 1 and 100000."];
        }

        if (input.Facilitators.Length > 500)
        {
            errors["Facilitators"] = l["The facilitators' names are too long."];
        }

        var filmIds = input.FilmIds.Distinct().ToList();
        if (filmIds.Count == 0)
        {
            errors["FilmIds"] = l["Choose at least one film."];
        }
        else if (await db.Films.CountAsync(f => filmIds.Contains(f.Id), cancellationToken) != filmIds.Count)
        {
            errors["FilmIds"] = l["One of the chosen films no longer exists."];
        }

        if (input.QuestionnaireVersionId is { } versionId && !await db.QuestionnaireVersions.AnyAsync(v => v.Id == versionId && v.PublishedAt != null, cancellationToken))
        {
            errors["QuestionnaireVersionId"] = l["Choose a published questionnaire version."];
        }

        if (errors.Count > 0)
        {
            return new Result(null, errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        Screening? screening;
        if (id is { } existing)
        {
            screening = await access.For(user).Include(s => s.Films).FirstOrDefaultAsync(s => s.Id == existing, cancellationToken);
            if (screening is null)
            {
                return new Result(null, new Dictionary<string, string> { [""] = l["This screening does not exist."] });
            }

            // Answers keep the questionnaire they were given on: once there are any, the choice is fixed.
            if (screening.QuestionnaireVersionId != input.QuestionnaireVersionId && await db.SurveyResponses.AnyAsync(r => r.ScreeningId == existing, cancellationToken))
            {
                return new Result(null, new Dictionary<string, string> { ["QuestionnaireVersionId"] = l["Answers have already been given on this screening's questionnaire, so it can no longer be changed."] });
            }

            db.ScreeningFilms.RemoveRange(screening.Films);
            screening.Films.Clear();
        }
        else
        {
            screening = new Screening { Title = "", TimeZoneId = "", EventCulture = "", OwnerId = ScreeningAccess.UserId(user), CreatedAt = now };
            screening.JoinCode = await NewJoinCodeAsync(cancellationToken);
            var position = 0;
            foreach (var key in ScreeningVocabulary.ChecklistItems)
            {
                screening.Checklist.Add(new ScreeningChecklistItem { ScreeningId = screening.Id, Key = key, Position = position++ });
            }

            db.Screenings.Add(screening);
        }

        screening.Title = input.Title.Trim();
        screening.TimeZoneId = input.TimeZoneId!;
        screening.StartsAtUtc = ScreeningPlan.ToUtc(input.LocalStart!.Value, zone!);
        screening.Venue = input.Venue.Trim();
        screening.City = input.City.Trim();
        screening.Country = input.Country.Trim();
        screening.Visibility = input.IsPublic ? ScreeningVisibility.Public : ScreeningVisibility.InviteOnly;
        screening.EventCulture = input.EventCulture;
        screening.SubtitleCulture = string.IsNullOrEmpty(input.SubtitleCulture) ? null : input.SubtitleCulture;
        screening.AudienceCultures = (input.AudienceCultures ?? []).Distinct(StringComparer.Ordinal).ToList();
        screening.DiscussionMinutes = input.DiscussionMinutes;
        screening.Facilitators = input.Facilitators.Trim();
        screening.AudienceType = input.AudienceType;
        screening.ExpectedSize = input.ExpectedSize;
        screening.Status = input.Status;
        screening.QuestionnaireVersionId = input.QuestionnaireVersionId;
        screening.UpdatedAt = now;
        for (var i = 0; i < filmIds.Count; i++)
        {
            db.ScreeningFilms.Add(new ScreeningFilm { ScreeningId = screening.Id, Position = i, FilmId = filmIds[i] });
        }

        await db.SaveChangesAsync(cancellationToken);
        LogSaved(logger, screening.Id);
        return new Result(screening.Id, new Dictionary<string, string>());
    }

    /// <summary>A code no screening that is not closed uses (closed screenings have none).</summary>
    private async Task<string> NewJoinCodeAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var code = JoinCode.Generate();
            if (!await db.Screenings.AnyAsync(s => s.JoinCode == code, cancellationToken))
            {
                return code;
            }
        }

        throw new InvalidOperationException("Could not find a free join code.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Screening {ScreeningId} saved")]
    private static partial void LogSaved(ILogger logger, Guid screeningId);
}

/// <summary>Changes made while preparing and running a screening, and after it.</summary>
public sealed class UpdateScreening(KinodialogDbContext db, ScreeningAccess access, ScreeningEvents events, Questionnaires.QuestionnaireCatalog questionnaires, TimeProvider clock)
{
    public async Task<bool> ToggleChecklistAsync(Guid id, Guid itemId, bool done, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!await access.For(user).AnyAsync(s => s.Id == id, cancellationToken))
        {
            return false;
        }

        var item = await db.ScreeningChecklistItems.FirstOrDefaultAsync(c => c.Id == itemId && c.ScreeningId == id, cancellationToken);
        if (item is null)
        {
            return false;
        }

        item.Done = done;
        item.DoneAt = done ? clock.GetUtcNow().UtcDateTime : null;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public sealed record Attendance(int? Total, int? Armenian, int? Azerbaijani, int? Other, string Notes, string Incidents);

    public async Task<bool> RecordAttendanceAsync(Guid id, Attendance attendance, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var screening = await access.For(user).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (screening is null)
        {
            return false;
        }

        screening.AttendanceTotal = attendance.Total;
        screening.AttendanceArmenian = attendance.Armenian;
        screening.AttendanceAzerbaijani = attendance.Azerbaijani;
        screening.AttendanceOther = attendance.Other;
        screening.Notes = attendance.Notes.Trim();
        screening.Incidents = attendance.Incidents.Trim();
        screening.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Closes the screening: the join code stops working at once and is released.</summary>
    public async Task<bool> CloseAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var screening = await access.For(user).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (screening is null)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        screening.ClosedAt ??= now;
        screening.JoinCode = null;
        screening.SelfCodeKey = null;
        screening.Stage = AudienceStage.Waiting;
        if (screening.Status == ScreeningStatus.Planned)
        {
            screening.Status = ScreeningStatus.Held;
        }

        screening.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await events.PublishAsync(screening.Id, cancellationToken);
        return true;
    }

    public async Task<bool> OpenJoiningAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await ChangeAsync(id, user, s => s.OpenedAt ??= clock.GetUtcNow().UtcDateTime, cancellationToken);

    public async Task<bool> SetStageAsync(Guid id, AudienceStage stage, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        // The questionnaire is fixed when a survey first opens, so every answer of the evening uses one version.
        var questionnaire = stage is AudienceStage.PreSurvey or AudienceStage.PostSurvey
            ? await questionnaires.ForScreeningAsync(await access.For(user).Where(s => s.Id == id).Select(s => s.QuestionnaireVersionId).FirstOrDefaultAsync(cancellationToken), cancellationToken)
            : null;
        return await ChangeAsync(id, user, s =>
        {
            s.Stage = stage;
            s.FurthestStage = stage > s.FurthestStage ? stage : s.FurthestStage;
            s.QuestionnaireVersionId ??= questionnaire?.VersionId;
        }, cancellationToken);
    }

    public async Task<bool> MoveFilmAsync(Guid id, int step, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var count = await db.ScreeningFilms.CountAsync(f => f.ScreeningId == id, cancellationToken);
        return await ChangeAsync(id, user, s => s.CurrentFilm = Math.Clamp(s.CurrentFilm + step, 0, Math.Max(0, count - 1)), cancellationToken);
    }

    private async Task<bool> ChangeAsync(Guid id, ClaimsPrincipal user, Action<Screening> change, CancellationToken cancellationToken)
    {
        var screening = await access.For(user).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (screening is null || screening.ClosedAt is not null)
        {
            return false;
        }

        change(screening);
        screening.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        await events.PublishAsync(screening.Id, cancellationToken);
        return true;
    }
}

/// <summary>Staff lists: an organiser's own screenings, or all of them for programme staff.</summary>
public sealed class ListScreenings(KinodialogDbContext db, ScreeningAccess access)
{
    public sealed record Query(string? Country = null, ScreeningStatus? Status = null, DateOnly? From = null, DateOnly? To = null);

    public async Task<IReadOnlyList<ScreeningListItem>> HandleAsync(Query query, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var screenings = access.For(user).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Country))
        {
            screenings = screenings.Where(s => s.Country == query.Country);
        }

        if (query.Status is { } status)
        {
            screenings = screenings.Where(s => s.Status == status);
        }

        if (query.From is { } from)
        {
            var fromUtc = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(-1);
            screenings = screenings.Where(s => s.StartsAtUtc >= fromUtc);
        }

        if (query.To is { } to)
        {
            var toUtc = to.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(2);
            screenings = screenings.Where(s => s.StartsAtUtc < toUtc);
        }

        var rows = await screenings
            .OrderByDescending(s => s.StartsAtUtc)
            .Select(s => new
            {
                s.Id,
                s.Title,
                s.StartsAtUtc,
                s.TimeZoneId,
                s.City,
                s.Country,
                s.Visibility,
                s.Status,
                s.OwnerId,
                s.AttendanceTotal,
                Films = s.Films.Count,
                Participants = db.Participants.Count(p => p.ScreeningId == s.Id && p.OnPhone),
                Owner = db.Users.Where(u => u.Id == s.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return rows
            .Select(r =>
            {
                var local = ScreeningPlan.ToLocal(r.StartsAtUtc, ScreeningClock.Zone(r.TimeZoneId));
                return new ScreeningListItem(r.Id, r.Title, local, r.TimeZoneId, r.City, r.Country, r.Visibility, r.Status, r.Owner ?? "", r.Films, r.AttendanceTotal, r.Participants);
            })
            // Local dates: a screening belongs to the day on the venue's clocks.
            .Where(r => (query.From is null || DateOnly.FromDateTime(r.LocalStart) >= query.From) && (query.To is null || DateOnly.FromDateTime(r.LocalStart) <= query.To))
            .ToList();
    }
}

/// <summary>Public screenings that have not happened yet: no attendee data, never invite-only ones.</summary>
public sealed class ListPublicScreenings(KinodialogDbContext db, TimeProvider clock)
{
    public sealed record Item(Guid Id, string Title, DateTime LocalStart, string TimeZoneId, string Venue, string City, string Country, string EventCulture, IReadOnlyList<string> FilmTitles);

    public async Task<IReadOnlyList<Item>> HandleAsync(string culture, string? country, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddHours(-3);
        var query = db.Screenings.AsNoTracking()
            .Where(s => s.Visibility == ScreeningVisibility.Public && s.Status == ScreeningStatus.Planned && s.ClosedAt == null && s.StartsAtUtc >= since);
        if (!string.IsNullOrWhiteSpace(country))
        {
            query = query.Where(s => s.Country == country);
        }

        var screenings = await query.OrderBy(s => s.StartsAtUtc).Include(s => s.Films).ToListAsync(cancellationToken);
        var filmIds = screenings.SelectMany(s => s.Films).Select(f => f.FilmId).Distinct().ToList();
        var titles = await db.FilmTranslations.AsNoTracking().Where(t => filmIds.Contains(t.FilmId)).ToListAsync(cancellationToken);
        string Title(Guid filmId) =>
            (titles.FirstOrDefault(t => t.FilmId == filmId && t.Culture == culture) ?? titles.FirstOrDefault(t => t.FilmId == filmId && t.Culture == "en") ?? titles.FirstOrDefault(t => t.FilmId == filmId))?.Title ?? "";
        return screenings
            .Select(s => new Item(s.Id, s.Title, ScreeningPlan.ToLocal(s.StartsAtUtc, ScreeningClock.Zone(s.TimeZoneId)), s.TimeZoneId, s.Venue, s.City, s.Country, s.EventCulture,
                s.Films.OrderBy(f => f.Position).Select(f => Title(f.FilmId)).ToList()))
            .ToList();
    }
}
