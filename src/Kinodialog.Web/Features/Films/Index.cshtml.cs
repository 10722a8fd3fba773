using Kinodialog.Core.Accounts;
using Kinodialog.Core.Films;
using Kinodialog.Core.Localization;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinodialog.Web.Features.Films;

public sealed class IndexModel(ListFilms list) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "theme")]
    public string? Theme { get; set; }

    [BindProperty(SupportsGet = true, Name = "max")]
    public int? Max { get; set; }

    [BindProperty(SupportsGet = true, Name = "subtitles")]
    public string? Subtitles { get; set; }

    [BindProperty(SupportsGet = true, Name = "without")]
    public List<string> Without { get; set; } = [];

    public IReadOnlyList<FilmListItem> Films { get; private set; } = [];

    public bool CanManage => StaffRoles.FilmEditors.Any(User.IsInRole);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var theme = Theme is not null && FilmVocabulary.IsTheme(Theme) ? Theme : null;
        var subtitles = SupportedCultures.Find(Subtitles)?.Name;
        var max = Max is > 0 and <= 600 ? Max : null;
        Films = await list.HandleAsync(
            new ListFilms.Query(
                LocalizationExtensions.CurrentCulture().Name,
                Q,
                theme,
                max,
                subtitles,
                Without.Where(FilmVocabulary.IsContentNote).ToList(),
                IncludeUnpublished: CanManage),
            cancellationToken);
    }
}
