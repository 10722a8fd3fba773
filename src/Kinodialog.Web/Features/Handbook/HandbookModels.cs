using Kinodialog.Core.Handbook;
using Kinodialog.Data.Entities;

namespace Kinodialog.Web.Features.Handbook;

/// <summary>Who saved a text: a staff account, or null for shipped content.</summary>
public sealed record StaffAuthor(Guid Id, string Name);

/// <summary>State of a chapter in one language.</summary>
public sealed record LanguageStatus(string Culture, bool IsPublished, TranslationState State, int Revision, DateTime UpdatedAt);

public sealed record ChapterListItem(
    string Slug,
    int SortOrder,
    bool IsSample,
    string SourceCulture,
    string Title,
    string TitleCulture,
    bool ReadableInCulture,
    IReadOnlyList<LanguageStatus> Languages);

public sealed record ChapterView(
    string Slug,
    string Culture,
    string Title,
    string Html,
    bool IsPublished,
    TranslationState State,
    string SourceCulture,
    DateTime UpdatedAt,
    bool IsSample,
    int Revision,
    IReadOnlyList<LanguageStatus> Languages);

public sealed record ChapterText(
    string Slug, string Culture, string SourceCulture, string Title, string Markdown, int Revision, bool IsPublished, TranslationState State, bool IsSample);

public sealed record VersionSummary(int Number, string Title, DateTime CreatedAt, string? AuthorName, string? Note, int? RestoredFromNumber, int? BasedOnSourceRevision);

public sealed record VersionView(string Slug, string Culture, int Number, string Title, string Markdown, string Html, DateTime CreatedAt, string? AuthorName, string? Note, int CurrentRevision, bool IsPublished);

/// <summary>Result of a change: done, a validation problem per field, a conflicting edit, or nothing found.</summary>
public sealed record HandbookChange(HandbookChangeStatus Status, IReadOnlyDictionary<string, string> Errors, int Revision = 0)
{
    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    public static HandbookChange Done(int revision) => new(HandbookChangeStatus.Done, Empty, revision);

    /// <summary>Kept as a proposed revision awaiting review (its proposal number); readers still see the published text.</summary>
    public static HandbookChange Proposed(int proposalNumber) => new(HandbookChangeStatus.Proposed, Empty, proposalNumber);

    public static HandbookChange NotFound { get; } = new(HandbookChangeStatus.NotFound, Empty);

    public static HandbookChange Conflict(int currentRevision) => new(HandbookChangeStatus.Conflict, Empty, currentRevision);

    public static HandbookChange Invalid(IReadOnlyDictionary<string, string> errors) => new(HandbookChangeStatus.Invalid, errors);
}

public enum HandbookChangeStatus
{
    Done,
    Proposed,
    Invalid,
    Conflict,
    NotFound,
}

/// <summary>A proposed revision of a chapter language, with what a reviewer needs to judge it.</summary>
public sealed record ProposalView(
    string Slug,
    string Culture,
    int Number,
    HandbookProposalState State,
    string Title,
    string Markdown,
    string Html,
    DateTime ProposedAt,
    string? AuthorName,
    string? Note,
    int BaseRevision,
    int CurrentRevision,
    string CurrentTitle,
    IReadOnlyList<DiffLine> Diff,
    DateTime? ReviewedAt,
    string? ReviewerName,
    string? ReviewNote)
{
    public bool IsPending => State == HandbookProposalState.Pending;

    public bool TitleChanged => !string.Equals(Title, CurrentTitle, StringComparison.Ordinal);
}
