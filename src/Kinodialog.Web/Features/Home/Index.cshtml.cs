using Kinodialog.Web.Features.Handbook;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinodialog.Web.Features.Home;

public sealed class IndexModel(ListChapters listChapters) : PageModel
{
    public IReadOnlyList<ChapterListItem> Chapters { get; private set; } = [];

    public DateTime? LastUpdated { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var culture = LocalizationExtensions.CurrentCulture().Name;
        Chapters = (await listChapters.HandleAsync(new ListChapters.Query(culture, IncludeDrafts: false), cancellationToken))
            .Where(c => c.ReadableInCulture)
            .ToList();
        LastUpdated = Chapters.SelectMany(c => c.Languages).Where(l => l.Culture == culture).Select(l => (DateTime?)l.UpdatedAt).Max();
    }
}
