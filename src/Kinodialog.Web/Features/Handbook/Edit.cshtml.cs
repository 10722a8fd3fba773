using Kinodialog.Core.Localization;
using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Features.Shared;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Kinodialog.Web.Features.Handbook;

[Authorize(Policy = Policies.WriteHandbook)]
public sealed class EditModel(GetChapterText getText, SaveChapterText save, SetChapterPublication publication, GetProposal getProposal) : HandbookPageModel
{
    public string Slug { get; private set; } = "";

    public SupportedCulture Language { get; private set; } = SupportedCultures.Default;

    public string ChapterTitle { get; private set; } = "";

    public ChapterText? Current { get; private set; }

    public ChapterText? Source { get; private set; }

    /// <summary>The language's latest proposed revision (a translator's edit of published text), if any.</summary>
    public ProposalView? Proposal { get; private set; }

    /// <summary>A translator's edit of a published language goes to review instead of to the readers.</summary>
    public bool SavesAsProposal => Current is { IsPublished: true } && !CanPublish;

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Markdown { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public int BaseRevision { get; set; }

    [BindProperty]
    public bool MatchesSource { get; set; }

    public bool Saved { get; private set; }

    public bool Proposed { get; private set; }

    public int? ConflictRevision { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, string lang, bool saved, bool proposed, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, lang, cancellationToken))
        {
            return NotFound();
        }

        Title = Current?.Title ?? Source?.Title;
        Markdown = Current?.Markdown ?? Source?.Markdown;
        BaseRevision = Current?.Revision ?? 0;
        MatchesSource = Current is null || Current.State != Core.Handbook.TranslationState.OutOfDate;
        Saved = saved && Current is not null;
        Proposed = proposed && Proposal is { IsPending: true };
        if (SavesAsProposal && Proposal is { State: not Data.Entities.HandbookProposalState.Approved } own)
        {
            // A translator continues from the proposal (pending or sent back), not from the published text.
            (Title, Markdown) = (own.Title, own.Markdown);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, string lang, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, lang, cancellationToken))
        {
            return NotFound();
        }

        if (this.HasUnreadableInput())
        {
            return Page();
        }

        var result = await save.HandleAsync(
            new SaveChapterText.Command(Slug, Language.Name, Title, Markdown, BaseRevision, MatchesSource, Note, CurrentAuthor(), PublishesDirectly: CanPublish),
            cancellationToken);
        switch (result.Status)
        {
            case HandbookChangeStatus.Done:
                // Post/Redirect/Get: a reload does not save twice.
                return Redirect(CultureLinks.Local($"/handbook/{Slug}/edit/{Language.UrlSegment}?saved=true"));
            case HandbookChangeStatus.Proposed:
                return Redirect(CultureLinks.Local($"/handbook/{Slug}/edit/{Language.UrlSegment}?proposed=true"));
            case HandbookChangeStatus.Invalid:
                foreach (var (field, message) in result.Errors)
                {
                    ModelState.AddModelError(field, message);
                }

                return Page();
            case HandbookChangeStatus.Conflict:
                // Keep the editor's text; the next save is based on the version now current.
                ConflictRevision = result.Revision;
                ModelState.Remove(nameof(BaseRevision));
                BaseRevision = result.Revision;
                return Page();
            default:
                return NotFound();
        }
    }

    public Task<IActionResult> OnPostPublishAsync(string slug, string lang, CancellationToken cancellationToken) =>
        SetPublicationAsync(slug, lang, true, cancellationToken);

    public Task<IActionResult> OnPostUnpublishAsync(string slug, string lang, CancellationToken cancellationToken) =>
        SetPublicationAsync(slug, lang, false, cancellationToken);

    private async Task<IActionResult> SetPublicationAsync(string slug, string lang, bool publish, CancellationToken cancellationToken)
    {
        if (!CanPublish)
        {
            return Forbid();
        }

        var language = LanguageFromRoute(lang);
        if (language is null)
        {
            return NotFound();
        }

        var result = await publication.HandleAsync(new SetChapterPublication.Command(slug, language.Name, publish), cancellationToken);
        return result.Status == HandbookChangeStatus.NotFound
            ? NotFound()
            : Redirect(CultureLinks.Local($"/handbook/{slug}/edit/{language.UrlSegment}"));
    }

    private async Task<bool> LoadAsync(string slug, string lang, CancellationToken cancellationToken)
    {
        var language = LanguageFromRoute(lang);
        var sourceCulture = await getText.SourceCultureAsync(slug, cancellationToken);
        if (language is null || sourceCulture is null)
        {
            return false;
        }

        Slug = slug;
        Language = language;
        Current = await getText.HandleAsync(slug, language.Name, cancellationToken);
        Source = sourceCulture == language.Name ? null : await getText.HandleAsync(slug, sourceCulture, cancellationToken);
        ChapterTitle = Current?.Title ?? Source?.Title ?? slug;
        Proposal = Current is null ? null : await getProposal.HandleAsync(slug, language.Name, cancellationToken);
        return true;
    }
}
