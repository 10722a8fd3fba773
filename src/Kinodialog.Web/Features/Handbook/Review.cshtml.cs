using Kinodialog.Core.Localization;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Features.Shared;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Handbook;

/// <summary>
/// A proposed revision of a published language, beside the published text: Programme staff and Admin approve
/// it or send it back with a note; translators see it (and the note) but cannot decide.
/// </summary>
[Authorize(Policy = Policies.WriteHandbook)]
public sealed class ReviewModel(GetProposal get, ReviewProposal review, IStringLocalizer<HandbookResource> l) : HandbookPageModel
{
    public ProposalView Proposal { get; private set; } = null!;

    public SupportedCulture Language { get; private set; } = SupportedCultures.Default;

    /// <summary>The proposal the reviewer saw.</summary>
    [BindProperty]
    public int ProposalNumber { get; set; }

    /// <summary>The published version the reviewer saw.</summary>
    [BindProperty]
    public int Revision { get; set; }

    [BindProperty]
    public string? ReviewNote { get; set; }

    /// <summary>Just sent for review (a translator's restore of a published language lands here).</summary>
    public bool Proposed { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, string lang, bool proposed, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, lang, cancellationToken))
        {
            return NotFound();
        }

        Proposed = proposed && Proposal.IsPending;

        ProposalNumber = Proposal.Number;
        Revision = Proposal.CurrentRevision;
        return Page();
    }

    public Task<IActionResult> OnPostApproveAsync(string slug, string lang, CancellationToken cancellationToken) =>
        DecideAsync(slug, lang, approve: true, cancellationToken);

    public Task<IActionResult> OnPostSendBackAsync(string slug, string lang, CancellationToken cancellationToken) =>
        DecideAsync(slug, lang, approve: false, cancellationToken);

    private async Task<IActionResult> DecideAsync(string slug, string lang, bool approve, CancellationToken cancellationToken)
    {
        if (!CanPublish)
        {
            return Forbid();
        }

        if (!await LoadAsync(slug, lang, cancellationToken))
        {
            return NotFound();
        }

        if (this.HasUnreadableInput(nameof(ReviewNote)))
        {
            return Page();
        }

        var result = await review.HandleAsync(
            new ReviewProposal.Command(slug, Language.Name, ProposalNumber, Revision, approve, ReviewNote, CurrentAuthor()), cancellationToken);
        switch (result.Status)
        {
            case HandbookChangeStatus.Done:
                return Redirect(CultureLinks.Local($"/handbook/{slug}/review/{Language.UrlSegment}"));
            case HandbookChangeStatus.Invalid:
                foreach (var (field, message) in result.Errors)
                {
                    ModelState.AddModelError(field, message);
                }

                return Page();
            case HandbookChangeStatus.Conflict:
                ModelState.AddModelError(string.Empty, l["The proposal or the published text changed while you were reviewing it. Nothing was decided: look at it again below."]);
                ModelState.Remove(nameof(ProposalNumber));
                ModelState.Remove(nameof(Revision));
                ProposalNumber = Proposal.Number;
                Revision = Proposal.CurrentRevision;
                return Page();
            default:
                return NotFound();
        }
    }

    private async Task<bool> LoadAsync(string slug, string lang, CancellationToken cancellationToken)
    {
        var language = LanguageFromRoute(lang);
        var proposal = language is null ? null : await get.HandleAsync(slug, language.Name, cancellationToken);
        if (proposal is null)
        {
            return false;
        }

        (Proposal, Language) = (proposal, language!);
        return true;
    }
}
