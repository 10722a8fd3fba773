namespace Kinodialog.Core.Screenings;

public enum ScreeningVisibility
{
    InviteOnly = 0,
    Public = 1,
}

public enum ScreeningStatus
{
    Planned = 1,
    Held = 2,
    Cancelled = 3,
}

/// <summary>What the audience's phones show; the organiser moves between stages in run mode.</summary>
public enum AudienceStage
{
    Waiting = 0,
    PreSurvey = 1,
    Films = 2,
    PostSurvey = 3,
    Dialogue = 4,
}

public static class ScreeningVocabulary
{
    public static IReadOnlyList<string> AudienceTypes { get; } = ["students", "ngo", "school", "diaspora", "mixed"];

    /// <summary>Time zones of the programme's venues first; any IANA zone is accepted.</summary>
    public static IReadOnlyList<string> CommonTimeZones { get; } =
        ["Asia/Yerevan", "Asia/Baku", "Asia/Tbilisi", "Europe/Moscow", "Europe/Istanbul", "Europe/London", "Europe/Berlin", "Europe/Paris", "America/New_York", "UTC"];

    /// <summary>Checklist items generated for every plan, in order (keys; the UI translates them).</summary>
    public static IReadOnlyList<string> ChecklistItems { get; } =
    [
        "preview-films", "content-notes", "test-projector", "test-sound", "subtitles", "print-pack", "participant-cards", "trained-volunteer", "local-partners", "ground-rules", "safety-plan", "consent-photos",
    ];
}

/// <summary>The parts of an evening, in order, with planned minutes.</summary>
public sealed record RunningOrderItem(string Kind, string? FilmId, TimeSpan Start, TimeSpan Length);

public static class ScreeningPlan
{
    public static readonly TimeSpan Welcome = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan Survey = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan BetweenFilms = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Welcome and ground rules, the pre-survey, the films with short pauses between them, the
    /// discussion, the post-survey: offsets from the start of the screening.
    /// </summary>
    public static IReadOnlyList<RunningOrderItem> RunningOrder(IReadOnlyList<(string FilmId, TimeSpan Length)> films, TimeSpan discussion)
    {
        var items = new List<RunningOrderItem>();
        var at = TimeSpan.Zero;
        void Add(string kind, string? film, TimeSpan length)
        {
            items.Add(new RunningOrderItem(kind, film, at, length));
            at += length;
        }

        Add("welcome", null, Welcome);
        Add("pre-survey", null, Survey);
        for (var i = 0; i < films.Count; i++)
        {
            if (i > 0)
            {
                Add("pause", null, BetweenFilms);
            }

            Add("film", films[i].FilmId, films[i].Length);
        }

        Add("discussion", null, discussion);
        Add("post-survey", null, Survey);
        return items;
    }

    /// <summary>
    /// A local wall-clock time in a zone, as UTC. A time skipped by a daylight-saving change moves
    /// forward by the gap; an ambiguous one is read as the first (daylight) occurrence.
    /// </summary>
    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(1);
        }

        var offset = zone.IsAmbiguousTime(unspecified)
            ? zone.GetAmbiguousTimeOffsets(unspecified).Max()
            : zone.GetUtcOffset(unspecified);
        return DateTime.SpecifyKind(unspecified - offset, DateTimeKind.Utc);
    }

    public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
}
