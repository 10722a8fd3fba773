using Kinodialog.Core.Screenings;

namespace Kinodialog.Web.Features.Screenings;

public sealed record ScreeningFilmView(Guid FilmId, string Slug, string Title, string TitleCulture, double? DurationSeconds,
    IReadOnlyList<string> ContentNotes, IReadOnlyList<string> DiscussionQuestions, string? QuestionsCulture, string? SourceUrl, string? PosterUrl,
    IReadOnlyList<(string Culture, string Url)> Subtitles);

public sealed record RunningOrderLine(string Kind, ScreeningFilmView? Film, DateTime LocalStart, TimeSpan Length);

public sealed record ChecklistView(Guid Id, string Key, bool Done);

public sealed record ScreeningView(
    Guid Id,
    Guid OwnerId,
    string Title,
    DateTime StartsAtUtc,
    DateTime LocalStart,
    string TimeZoneId,
    string Venue,
    string City,
    string Country,
    ScreeningVisibility Visibility,
    string EventCulture,
    string? SubtitleCulture,
    int DiscussionMinutes,
    string Facilitators,
    string AudienceType,
    int? ExpectedSize,
    ScreeningStatus Status,
    string? JoinCode,
    bool JoinOpen,
    DateTime? ClosedAt,
    AudienceStage Stage,
    int CurrentFilm,
    int Participants,
    int? AttendanceTotal,
    int? AttendanceArmenian,
    int? AttendanceAzerbaijani,
    int? AttendanceOther,
    string Notes,
    string Incidents,
    IReadOnlyList<ScreeningFilmView> Films,
    IReadOnlyList<RunningOrderLine> RunningOrder,
    IReadOnlyList<ChecklistView> Checklist)
{
    /// <summary>The questionnaire version chosen (null: the built-in default).</summary>
    public Guid? QuestionnaireVersionId { get; init; }

    /// <summary>Set while the screening is checked out to a field laptop (the central copy is read-only).</summary>
    public CheckedOutView? CheckedOut { get; init; }

    /// <summary>The audience's languages the organiser chose (empty: each phone in its own language).</summary>
    public IReadOnlyList<string> AudienceCultures { get; init; } = [];

    /// <summary>The languages the room is shown: those chosen, else the event language.</summary>
    public IReadOnlyList<string> Languages => Core.Screenings.ScreeningLanguages.Of(EventCulture, AudienceCultures);

    public TimeSpan FilmsLength => TimeSpan.FromSeconds(Films.Sum(f => f.DurationSeconds ?? 0));

    public TimeSpan TotalLength => RunningOrder.Count == 0 ? TimeSpan.Zero : RunningOrder[^1].LocalStart + RunningOrder[^1].Length - RunningOrder[0].LocalStart;
}

public sealed record ScreeningListItem(Guid Id, string Title, DateTime LocalStart, string TimeZoneId, string City, string Country,
    ScreeningVisibility Visibility, ScreeningStatus Status, string OwnerName, int FilmCount, int? AttendanceTotal, int Participants);

/// <summary>What staff type into the plan form.</summary>
public sealed record ScreeningInput(
    string Title,
    DateTime? LocalStart,
    string TimeZoneId,
    string Venue,
    string City,
    string Country,
    bool IsPublic,
    string EventCulture,
    string? SubtitleCulture,
    int DiscussionMinutes,
    string Facilitators,
    string AudienceType,
    int? ExpectedSize,
    ScreeningStatus Status,
    IReadOnlyList<Guid> FilmIds,
    Guid? QuestionnaireVersionId = null,
    IReadOnlyList<string>? AudienceCultures = null);

/// <summary>The field laptop a screening is on, and since when (local time of the venue).</summary>
public sealed record CheckedOutView(string DeviceName, DateTime LocalSince);
