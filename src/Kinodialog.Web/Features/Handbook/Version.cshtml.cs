using Kinodialog.Core.Localization;
using Kinodialog.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Handbook;

[Authorize(Policy = Policies.WriteHandbook)]
public sealed class VersionModel(GetVersion get, RestoreVersion restore, IStringLocalizer<HandbookResource> l) : HandbookPageModel
{
    public VersionView Version { get; private set; } = null!;

    public SupportedCulture Language { get; private set; } = SupportedCultures.Default;

    public int? ConflictRevision { get; private set; }

    /// <summary>A translator's restore of a published language is a proposal for Programme staff to review, as an edit is.</summary>
    public bool SendsForReview => Version.IsPublished && !CanPublish;

    public async Task<IActionResult> OnGetAsync(string slug, string lang, int number, CancellationToken cancellationToken) =>
        await LoadAsync(slug, lang, number, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string slug, string lang, int number, int baseRevision, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, lang, number, cancellationToken))
        {
            return NotFound();
        }

        var result = await restore.HandleAsync(
            new RestoreVersion.Command(slug, Language.Name, number, baseRevision, CurrentAuthor(),
                SendsForReview ? l["Proposes restoring version {0}", number] : l["Restored version {0}", number], PublishesDirectly: CanPublish),
            cancellationToken);
        switch (result.Status)
        {
            case HandbookChangeStatus.Done:
                return Redirect(CultureLinks.Local($"/handbook/{slug}/history/{Language.UrlSegment}"));
            case HandbookChangeStatus.Proposed:
                // A translator's restore of a published language is a proposal like any other edit.
                return Redirect(CultureLinks.Local($"/handbook/{slug}/review/{Language.UrlSegment}?proposed=true"));
            case HandbookChangeStatus.Conflict:
                ConflictRevision = result.Revision;
                return Page();
            default:
                return NotFound();
        }
    }

    private async Task<bool> LoadAsync(string slug, string lang, int number, CancellationToken cancellationToken)
    {
        var language = LanguageFromRoute(lang);
        var version = language is null ? null : await get.HandleAsync(slug, language.Name, number, cancellationToken);
        if (version is null)
        {
            return false;
        }

        (Version, Language) = (version, language!);
        return true;
    }
}
