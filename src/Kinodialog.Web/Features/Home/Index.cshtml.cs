using Kinodialog.Web.Features.Handbook;
using Kinodialog.Web.Infrastructure;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Home;

public sealed class IndexModel(ListChapters listChapters, IOptions<FieldModeOptions> fieldMode) : PageModel
{
    public IReadOnlyList<ChapterListItem> Chapters { get; private set; } = [];

    public DateTime? LastUpdated { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        // On a field laptop a signed-in facilitator starts from the field page (downloads, sync).
        if (fieldMode.Value.Enabled && User.Identity?.IsAuthenticated == true)
        {
            return Redirect($"/{LocalizationExtensions.CurrentCulture().UrlSegment}/field");
        }

        var culture = LocalizationExtensions.CurrentCulture().Name;
        Chapters = (await listChapters.HandleAsync(new ListChapters.Query(culture, IncludeDrafts: false), cancellationToken))
            .Where(c => c.ReadableInCulture)
            .ToList();
        LastUpdated = Chapters.SelectMany(c => c.Languages).Where(l => l.Culture == culture).Select(l => (DateTime?)l.UpdatedAt).Max();
        return Page();
    }
}
