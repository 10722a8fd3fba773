using Kinodialog.Core.Screenings;
using Kinodialog.Core.Surveys;

namespace Kinodialog.Web.Features.Field;

// The wire format between a field laptop and the central instance (issue 16). Both ends run this same
// program, so one set of records describes both directions. JSON, camelCase (JsonSerializerDefaults.Web).
// Every record that is sent back carries the id it was created with on the laptop (Guid v7 or the
// phone's own id), so receiving it twice changes nothing.
//
// Endpoints on the central instance (device calls carry "Authorization: Device <token>"):
//   POST /api/field/enrol                          EnrolRequest -> EnrolResponse (no token yet; the code is the secret)
//   GET  /api/field/screenings                     -> CheckoutList (screenings checked out to this device)
//   GET  /api/field/screenings/{id}/package        -> ScreeningPackage
//   GET  /api/field/files/{sha256}                 -> the bytes of a media or subtitle file of a checked-out
//                                                     screening (range requests, for resuming)
//   POST /api/field/screenings/{id}/results        ResultsBatch -> ResultsReceipt (at most FieldLimits.MaxBatchItems records)
//   POST /api/field/screenings/{id}/check-in       ScreeningOutcome -> CheckInReceipt (releases the check-out)

/// <summary>Limits both ends agree on.</summary>
public static class FieldLimits
{
    /// <summary>Most records (of all kinds together) in one <see cref="ResultsBatch"/>.</summary>
    public const int MaxBatchItems = 2000;

    /// <summary>Version of <see cref="ScreeningPackage"/> and of the results; a mismatch is refused in words.</summary>
    public const int FormatVersion = 1;

    /// <summary>Authorization scheme word: "Authorization: Device &lt;token&gt;".</summary>
    public const string AuthorizationScheme = "Device";
}

public sealed record EnrolRequest(string Code, string LaptopName);

public sealed record EnrolResponse(Guid DeviceId, string DeviceName, string Token, IReadOnlyList<FieldFacilitator> Facilitators);

/// <summary>A staff account allowed on the laptop; the laptop creates it locally with the same id (Organiser role).</summary>
public sealed record FieldFacilitator(Guid Id, string Email, string DisplayName);

public sealed record CheckoutList(IReadOnlyList<CheckoutSummary> Screenings);

/// <param name="EstimatedBytes">Sum of the sizes of every rendition and subtitle file of its films.</param>
public sealed record CheckoutSummary(
    Guid ScreeningId, string Title, DateTime StartsAtUtc, string TimeZoneId, DateTime CheckedOutAt, long EstimatedBytes);

// ---- Central -> laptop: everything a screening needs ----

public sealed record ScreeningPackage(
    int FormatVersion,
    PackageScreening Screening,
    IReadOnlyList<PackageFilm> Films,
    IReadOnlyList<PackageQuestionnaireVersion> Questionnaires,
    IReadOnlyList<PackageHandbookChapter> Handbook,
    IReadOnlyList<PackageStatement> Statements,
    IReadOnlyList<PackageBlocklistEntry> Blocklist);

/// <param name="CardKey">Base64 of the paper cards' key, so cards printed centrally join on the laptop.</param>
public sealed record PackageScreening(
    Guid Id,
    Guid OwnerId,
    string Title,
    DateTime StartsAtUtc,
    string TimeZoneId,
    string Venue,
    string City,
    string Country,
    ScreeningVisibility Visibility,
    string EventCulture,
    string? SubtitleCulture,
    IReadOnlyList<string> AudienceCultures,
    int DiscussionMinutes,
    string Facilitators,
    string AudienceType,
    int? ExpectedSize,
    ScreeningStatus Status,
    string? JoinCode,
    Guid? QuestionnaireVersionId,
    int CardsPrinted,
    string? CardKey,
    bool PostModeration,
    IReadOnlyList<Guid> FilmIds,
    IReadOnlyList<PackageChecklistItem> Checklist);

public sealed record PackageChecklistItem(Guid Id, int Position, string Key, bool Done, DateTime? DoneAt);

public sealed record PackageFilm(
    Guid Id,
    string Slug,
    int? Year,
    double? DurationSeconds,
    bool IsDemo,
    bool IsPublished,
    IReadOnlyList<PackageFilmTranslation> Translations,
    IReadOnlyList<PackageFilmCredit> Credits,
    IReadOnlyList<PackageFilmTag> Tags,
    IReadOnlyList<PackageFile> Renditions,
    IReadOnlyList<PackageSubtitle> Subtitles);

public sealed record PackageFilmTranslation(
    string Culture, string Title, string Synopsis, string DiscussionQuestions, string SuggestedStatements);

/// <param name="Name">Only when the person consented to be named; otherwise empty and Pseudonym is used.</param>
public sealed record PackageFilmCredit(int SortOrder, string Role, string Name, string? Pseudonym, bool ConsentToName);

public sealed record PackageFilmTag(int Kind, string Key);

/// <summary>An encoded rendition (240p/360p/720p or the poster); fetched from /api/field/files/{Sha256}.</summary>
public sealed record PackageFile(string Rendition, int Width, int Height, long Size, string Sha256, string ContentType);

public sealed record PackageSubtitle(string Culture, string Sha256, long Size, int CueCount);

public sealed record PackageQuestionnaireVersion(
    Guid QuestionnaireId, string QuestionnaireKey, Guid VersionId, int Number, string Definition, DateTime? PublishedAt);

/// <summary>Published translations only.</summary>
public sealed record PackageHandbookChapter(
    Guid Id, string Slug, string SourceCulture, int SortOrder, IReadOnlyList<PackageHandbookTranslation> Translations);

public sealed record PackageHandbookTranslation(string Culture, string Title, string Markdown, int Revision);

public sealed record PackageStatement(
    Guid Id, int Number, string Text, string Culture, int Status, bool IsMeta, DateTime CreatedAt,
    IReadOnlyList<PackageTranslation> Translations);

public sealed record PackageTranslation(string Culture, string Text);

/// <param name="ScreeningId">Null for a programme-wide term.</param>
public sealed record PackageBlocklistEntry(Guid Id, Guid? ScreeningId, string Culture, string Term);

// ---- Laptop -> central: what happened at the screening ----

/// <summary>
/// A bounded batch of results. Records are inserted by id when missing and ignored when present
/// (statements and participants: their moderation state is updated — the laptop is authoritative
/// while the screening is checked out). Send participants and statements before the votes,
/// responses and flags that refer to them; the central side refuses a record whose participant or
/// statement it does not hold, naming it.
/// </summary>
public sealed record ResultsBatch(
    int FormatVersion,
    IReadOnlyList<ResultParticipant> Participants,
    IReadOnlyList<ResultStatement> Statements,
    IReadOnlyList<ResultResponse> Responses,
    IReadOnlyList<ResultVote> Votes,
    IReadOnlyList<ResultFlag> Flags,
    IReadOnlyList<ResultModeration> Moderation)
{
    public int Count => Participants.Count + Statements.Count + Responses.Count + Votes.Count + Flags.Count + Moderation.Count;
}

public sealed record ResultParticipant(
    Guid Id, string TokenHash, string Culture, DateTime JoinedAt, int? CardNumber, bool OnPhone, string? Community,
    bool Banned, int? Number);

public sealed record ResultStatement(
    Guid Id, Guid? ParticipantId, string Text, string Culture, int Status, bool IsMeta, int Number, DateTime CreatedAt,
    IReadOnlyList<PackageTranslation> Translations);

public sealed record ResultResponse(
    Guid Id, Guid ParticipantId, Guid QuestionnaireVersionId, SurveyPhase Phase, int Source, DateTime ReceivedAt, string Answers);

public sealed record ResultVote(Guid Id, Guid ParticipantId, Guid StatementId, sbyte Value, DateTime CreatedAt);

public sealed record ResultFlag(Guid StatementId, Guid ParticipantId, DateTime CreatedAt);

public sealed record ResultModeration(
    Guid Id, Guid StaffUserId, string Action, Guid? StatementId, Guid? ParticipantId, DateTime CreatedAt);

public sealed record ResultsReceipt(int Received, int AlreadyHad);

/// <summary>The screening's own fields after the day: sent last, with the check-in.</summary>
public sealed record ScreeningOutcome(
    int FormatVersion,
    ScreeningStatus Status,
    DateTime? OpenedAt,
    DateTime? ClosedAt,
    AudienceStage Stage,
    AudienceStage FurthestStage,
    int CurrentFilm,
    int CardsPrinted,
    int? AttendanceTotal,
    int? AttendanceArmenian,
    int? AttendanceAzerbaijani,
    int? AttendanceOther,
    string Notes,
    string Incidents,
    IReadOnlyList<PackageChecklistItem> Checklist,
    string? DialogueStateJson,
    string? DialogueResultJson,
    ResultTotals Totals);

/// <summary>What the laptop holds in total; the central side checks it holds the same before releasing.</summary>
public sealed record ResultTotals(int Participants, int Statements, int Responses, int Votes, int Flags, int Moderation);

public sealed record CheckInReceipt(bool CheckedIn, ResultTotals Held);

/// <summary>The content of an encrypted results file for a USB stick (see ResultsBundle).</summary>
public sealed record ResultsBundleContent(
    int FormatVersion, Guid DeviceId, Guid ScreeningId, DateTime CreatedAt, ResultsBatch Results, ScreeningOutcome Outcome);
