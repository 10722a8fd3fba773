using Kinodialog.Core.Localization;
using Kinodialog.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Kinodialog.Web.Features.Handbook;

[Authorize(Policy = Policies.WriteHandbook)]
public sealed class HistoryModel(ListVersions list) : HandbookPageModel
{
    public string Slug { get; private set; } = "";

    public SupportedCulture Language { get; private set; } = SupportedCultures.Default;

    public IReadOnlyList<VersionSummary> Versions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, string lang, CancellationToken cancellationToken)
    {
        var language = LanguageFromRoute(lang);
        var versions = language is null ? null : await list.HandleAsync(slug, language.Name, cancellationToken);
        if (versions is null || versions.Count == 0)
        {
            return NotFound();
        }

        (Slug, Language, Versions) = (slug, language!, versions);
        return Page();
    }
}
