using Kinodialog.Core.Screenings;

namespace Kinodialog.Data.Entities;

/// <summary>A planned screening: films in order, followed by a facilitated discussion.</summary>
public sealed class Screening
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The organiser who planned it (a staff account).</summary>
    public Guid OwnerId { get; set; }

    public required string Title { get; set; }

    /// <summary>Start as UTC; shown in <see cref="TimeZoneId"/> to everyone.</summary>
    public DateTime StartsAtUtc { get; set; }

    /// <summary>IANA zone of the venue, e.g. Asia/Baku.</summary>
    public required string TimeZoneId { get; set; }

    public string Venue { get; set; } = "";

    public string City { get; set; } = "";

    public string Country { get; set; } = "";

    public ScreeningVisibility Visibility { get; set; } = ScreeningVisibility.InviteOnly;

    public required string EventCulture { get; set; }

    public string? SubtitleCulture { get; set; }

    /// <summary>The audience's languages in the organiser's order (e.g. hy, az-Latn); empty: each phone in its own.</summary>
    public List<string> AudienceCultures { get; set; } = [];

    public int DiscussionMinutes { get; set; } = 45;

    public string Facilitators { get; set; } = "";

    public string AudienceType { get; set; } = "mixed";

    public int? ExpectedSize { get; set; }

    public ScreeningStatus Status { get; set; } = ScreeningStatus.Planned;

    /// <summary>Null once the screening is closed.</summary>
    public string? JoinCode { get; set; }

    /// <summary>When the organiser opened joining early (otherwise it opens an hour before the start).</summary>
    public DateTime? OpenedAt { get; set; }

    public DateTime? ClosedAt { get; set; }

    /// <summary>
    /// When the raw audience data (votes, phone tokens, proposals' authorship, unaccepted proposals)
    /// was removed by the retention policy; null while it is kept.
    /// </summary>
    public DateTime? RawDataRemovedAt { get; set; }

    public AudienceStage Stage { get; set; }

    /// <summary>The furthest stage opened so far (answers for a survey are accepted once it has been opened).</summary>
    public AudienceStage FurthestStage { get; set; }

    /// <summary>The questionnaire version the audience answers (null: the default one, fixed when the pre-survey opens).</summary>
    public Guid? QuestionnaireVersionId { get; set; }

    /// <summary>Numbered participant cards printed so far.</summary>
    public int CardsPrinted { get; set; }

    /// <summary>Key from which card codes are derived (so a card can be reprinted); set when cards are first printed.</summary>
    public byte[]? CardKey { get; set; }

    /// <summary>
    /// Key for the keyed hashes of self-generated codes (for people who lost their card); discarded
    /// when the screening is closed, so those codes can no longer be matched to anyone.
    /// </summary>
    public byte[]? SelfCodeKey { get; set; }

    /// <summary>Index into the films of the film on the projector.</summary>
    public int CurrentFilm { get; set; }

    /// <summary>Proposed statements are shown at once (unless blocklisted) instead of waiting for a moderator.</summary>
    public bool PostModeration { get; set; }

    public int? AttendanceTotal { get; set; }

    public int? AttendanceArmenian { get; set; }

    public int? AttendanceAzerbaijani { get; set; }

    public int? AttendanceOther { get; set; }

    public string Notes { get; set; } = "";

    /// <summary>Set ("polis") when the screening holds a dialogue imported from another tool: read-only, no audience.</summary>
    public string? ImportedFrom { get; set; }

    public string Incidents { get; set; } = "";

    /// <summary>The laptop this screening is checked out to; while set, the central copy is read-only.</summary>
    public Guid? CheckedOutToDeviceId { get; set; }

    public DateTime? CheckedOutAt { get; set; }

    /// <summary>When results last came back from a laptop (sync or bundle).</summary>
    public DateTime? FieldSyncedAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<ScreeningFilm> Films { get; set; } = [];

    public List<ScreeningChecklistItem> Checklist { get; set; } = [];
}

public sealed class ScreeningFilm
{
    public Guid ScreeningId { get; set; }

    public int Position { get; set; }

    public Guid FilmId { get; set; }
}

public sealed class ScreeningChecklistItem
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ScreeningId { get; set; }

    public int Position { get; set; }

    public required string Key { get; set; }

    public bool Done { get; set; }

    public DateTime? DoneAt { get; set; }
}

/// <summary>An anonymous audience member: a random token (stored hashed), nothing else about them.</summary>
public sealed class Participant
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ScreeningId { get; set; }

    public required string TokenHash { get; set; }

    public required string Culture { get; set; }

    public DateTime JoinedAt { get; set; }

    /// <summary>Set for a printed participant card (its token is the card code).</summary>
    public int? CardNumber { get; set; }

    /// <summary>True once a phone joined as this participant (cards start false until their QR code is scanned).</summary>
    public bool OnPhone { get; set; } = true;

    /// <summary>Keyed hash of a self-generated code, when paper answers were entered with one.</summary>
    public string? SelfCodeHash { get; set; }

    /// <summary>Self-declared community (armenian, azerbaijani, other), optional; never shown per person.</summary>
    public string? Community { get; set; }

    /// <summary>Banned from the dialogue: can no longer vote or propose; their votes leave the map.</summary>
    public bool Banned { get; set; }

    /// <summary>The voter id of an imported Polis conversation (kept so an export gives the same ids back).</summary>
    public int? Number { get; set; }
}
