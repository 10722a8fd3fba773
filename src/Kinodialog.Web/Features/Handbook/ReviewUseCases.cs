using Kinodialog.Core.Handbook;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Infrastructure.Content;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Handbook;

/// <summary>A chapter language's latest proposed revision, compared with the published text (staff only).</summary>
public sealed class GetProposal(KinodialogDbContext db, MarkdownRenderer renderer)
{
    public async Task<ProposalView?> HandleAsync(string slug, string culture, CancellationToken cancellationToken)
    {
        var found = await db.HandbookProposals.AsNoTracking()
            .Where(p => p.Translation.Chapter.Slug == slug && p.Translation.Culture == culture)
            .Select(p => new { Proposal = p, p.Translation.Title, p.Translation.Markdown, p.Translation.Revision })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        var p = found.Proposal;
        return new ProposalView(
            slug, culture, p.Number, p.State, p.Title, p.Markdown,
            renderer.ToHtml(p.Markdown), // the same guarded pipeline as published text
            p.ProposedAt, p.AuthorName, p.Note, p.BaseRevision, found.Revision, found.Title,
            LineDiff.Compare(found.Markdown, p.Markdown),
            p.ReviewedAt, p.ReviewerName, p.ReviewNote);
    }

    /// <summary>Every chapter language with a proposed revision awaiting review, as (slug, culture).</summary>
    public async Task<IReadOnlySet<(string Slug, string Culture)>> AllPendingAsync(CancellationToken cancellationToken)
    {
        var pending = await db.HandbookProposals.AsNoTracking()
            .Where(p => p.State == HandbookProposalState.Pending)
            .Select(p => new { p.Translation.Chapter.Slug, p.Translation.Culture })
            .ToListAsync(cancellationToken);
        return pending.Select(p => (p.Slug, p.Culture)).ToHashSet();
    }

    /// <summary>The languages of a chapter with a proposed revision awaiting review.</summary>
    public async Task<IReadOnlyList<string>> PendingCulturesAsync(string slug, CancellationToken cancellationToken) =>
        await db.HandbookProposals.AsNoTracking()
            .Where(p => p.Translation.Chapter.Slug == slug && p.State == HandbookProposalState.Pending)
            .Select(p => p.Translation.Culture)
            .ToListAsync(cancellationToken);
}

/// <summary>
/// Programme staff's decision on a proposed revision: approving makes it the published text (a new version,
/// by its translator); sending it back keeps the published text and leaves a note for the translator. The
/// decision names the proposal and the published version the reviewer saw; if either changed meanwhile,
/// nothing happens. Both decisions go into the staff audit log.
/// </summary>
public sealed partial class ReviewProposal(
    KinodialogDbContext db, StaffAuditLog audit, TimeProvider clock, IStringLocalizer<HandbookResource> l, ILogger<ReviewProposal> logger)
{
    public sealed record Command(string Slug, string Culture, int ProposalNumber, int Revision, bool Approve, string? Note, StaffAuthor? Reviewer);

    public async Task<HandbookChange> HandleAsync(Command command, CancellationToken cancellationToken)
    {
        var proposal = await db.HandbookProposals
            .Include(p => p.Translation).ThenInclude(t => t.Chapter).ThenInclude(c => c.Translations)
            .FirstOrDefaultAsync(p => p.Translation.Chapter.Slug == command.Slug && p.Translation.Culture == command.Culture, cancellationToken);
        if (proposal is null)
        {
            return HandbookChange.NotFound;
        }

        var translation = proposal.Translation;
        if (proposal.State != HandbookProposalState.Pending || proposal.Number != command.ProposalNumber || translation.Revision != command.Revision)
        {
            return HandbookChange.Conflict(translation.Revision);
        }

        var note = command.Note?.Trim();
        if (!command.Approve && string.IsNullOrEmpty(note))
        {
            return HandbookChange.Invalid(new Dictionary<string, string>(StringComparer.Ordinal) { ["ReviewNote"] = l["Write a note for the translator: what should change?"] });
        }

        if (note is { Length: > HandbookValidator.MaxNoteLength })
        {
            return HandbookChange.Invalid(new Dictionary<string, string>(StringComparer.Ordinal) { ["ReviewNote"] = l["The note can be at most {0} characters long.", HandbookValidator.MaxNoteLength] });
        }

        var now = clock.GetUtcNow().UtcDateTime;
        proposal.ReviewedAt = now;
        proposal.ReviewerName = command.Reviewer?.Name;
        if (command.Approve)
        {
            proposal.State = HandbookProposalState.Approved;
            translation.Title = proposal.Title;
            translation.Markdown = proposal.Markdown;
            translation.Revision++;
            translation.UpdatedAt = now;
            if (proposal.MatchesSourceRevision is { } matched)
            {
                translation.BasedOnSourceRevision = matched;
            }

            var author = proposal.AuthorId is { } id ? new StaffAuthor(id, proposal.AuthorName ?? "") : null;
            var version = CreateChapter.NewVersion(translation.Revision, translation, translation.BasedOnSourceRevision, now, author, proposal.Note, proposal.RestoredFromNumber);
            version.TranslationId = translation.Id;
            db.HandbookVersions.Add(version);
            translation.Chapter.IsSample = false;
        }
        else
        {
            proposal.State = HandbookProposalState.SentBack;
            proposal.ReviewNote = note;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A new proposal, or a new published version, was saved between our read and our write.
            db.ChangeTracker.Clear();
            return HandbookChange.Conflict(command.Revision);
        }

        await audit.RecordAsync(
            command.Approve ? StaffAuditActions.HandbookRevisionApproved : StaffAuditActions.HandbookRevisionSentBack,
            command.Reviewer?.Id,
            proposal.AuthorId,
            $"handbook {command.Slug} ({command.Culture}), proposal {proposal.Number}");
        LogReviewed(logger, translation.ChapterId, command.Culture, proposal.Number, command.Approve);
        return HandbookChange.Done(translation.Revision);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Handbook chapter {ChapterId} in {Culture}: revision proposal {Number} reviewed, approved = {Approved}")]
    private static partial void LogReviewed(ILogger logger, Guid chapterId, string culture, int number, bool approved);
}
