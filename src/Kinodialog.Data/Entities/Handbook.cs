namespace Kinodialog.Data.Entities;

/// <summary>A handbook chapter: one subject, written in a source language and translated.</summary>
public sealed class HandbookChapter
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Slug { get; set; }

    /// <summary>Culture name (en, hy, az-Latn, ru) of the text translations follow.</summary>
    public required string SourceCulture { get; set; }

    public int SortOrder { get; set; }

    /// <summary>Shipped demo content that programme staff are expected to adapt.</summary>
    public bool IsSample { get; set; }

    public DateTime CreatedAt { get; set; }

    public List<HandbookTranslation> Translations { get; set; } = [];
}

/// <summary>The current text of a chapter in one language, with its publication state.</summary>
public sealed class HandbookTranslation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ChapterId { get; set; }

    public HandbookChapter Chapter { get; set; } = null!;

    public required string Culture { get; set; }

    public required string Title { get; set; }

    public required string Markdown { get; set; }

    /// <summary>Number of the latest version; also the optimistic-concurrency token for edits.</summary>
    public int Revision { get; set; }

    /// <summary>Revision of the source text this translation was last brought in line with.</summary>
    public int? BasedOnSourceRevision { get; set; }

    public bool IsPublished { get; set; }

    public DateTime? PublishedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<HandbookVersion> Versions { get; set; } = [];

    /// <summary>A translator's latest proposed revision of this (published) text, if any was made.</summary>
    public HandbookProposal? Proposal { get; set; }
}

/// <summary>An immutable saved version of a chapter's text in one language.</summary>
public sealed class HandbookVersion
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid TranslationId { get; set; }

    public HandbookTranslation Translation { get; set; } = null!;

    public int Number { get; set; }

    public required string Title { get; set; }

    public required string Markdown { get; set; }

    public int? BasedOnSourceRevision { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Staff account that saved it; null for shipped content.</summary>
    public Guid? AuthorId { get; set; }

    public string? AuthorName { get; set; }

    public string? Note { get; set; }

    /// <summary>When this version restored an earlier one, that version's number.</summary>
    public int? RestoredFromNumber { get; set; }
}

/// <summary>
/// A Translator's proposed revision of a language that is already published: readers keep the approved text
/// until Programme staff approve it (it then becomes a new version) or send it back with a note. One row per
/// chapter language, replaced by each new proposal; <see cref="Number"/> counts them, so that an approval
/// names exactly the proposal the reviewer saw.
/// </summary>
public sealed class HandbookProposal
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid TranslationId { get; set; }

    public HandbookTranslation Translation { get; set; } = null!;

    /// <summary>Counts the proposals made for this chapter language (1, 2, …); each new proposal replaces the last.</summary>
    public int Number { get; set; }

    public HandbookProposalState State { get; set; }

    public required string Title { get; set; }

    public required string Markdown { get; set; }

    /// <summary>Revision of the published text the proposal was written on.</summary>
    public int BaseRevision { get; set; }

    /// <summary>When the translator confirmed the proposal follows the source text: that source text's revision.</summary>
    public int? MatchesSourceRevision { get; set; }

    /// <summary>When the proposal restores an earlier version, that version's number.</summary>
    public int? RestoredFromNumber { get; set; }

    public DateTime ProposedAt { get; set; }

    /// <summary>Staff account that proposed it.</summary>
    public Guid? AuthorId { get; set; }

    public string? AuthorName { get; set; }

    /// <summary>The translator's note ("what changed").</summary>
    public string? Note { get; set; }

    public DateTime? ReviewedAt { get; set; }

    public string? ReviewerName { get; set; }

    /// <summary>The reviewer's note when the proposal was sent back.</summary>
    public string? ReviewNote { get; set; }
}

public enum HandbookProposalState
{
    Pending = 0,
    SentBack = 1,
    Approved = 2,
}
