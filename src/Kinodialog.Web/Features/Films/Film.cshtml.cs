using Kinodialog.Core.Accounts;
using Kinodialog.Core.Localization;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinodialog.Web.Features.Films;

public sealed class FilmModel(GetFilm get) : PageModel
{
    public FilmDetails Film { get; private set; } = null!;

    public FilmSource? SelectedSource { get; private set; }

    /// <summary>The subtitle language selected by default: the viewer's, when the film has it.</summary>
    public string? SubtitleCulture { get; private set; }

    public bool CanManage => StaffRoles.FilmEditors.Any(User.IsInRole);

    public bool CanSubtitle => StaffRoles.SubtitleWriters.Any(User.IsInRole);

    public async Task<IActionResult> OnGetAsync(string slug, string? quality, string? subtitles, CancellationToken cancellationToken)
    {
        var culture = LocalizationExtensions.CurrentCulture();
        var film = await get.HandleAsync(slug, culture.Name, includeUnpublished: CanManage || CanSubtitle, cancellationToken);
        if (film is null)
        {
            return NotFound();
        }

        Film = film;
        SelectedSource = film.Sources.FirstOrDefault(s => s.Rendition == quality)
            ?? film.Sources.FirstOrDefault(s => s.Rendition == FilmRenditions.Default)
            ?? (film.Sources.Count > 0 ? film.Sources[0] : null);
        var wanted = SupportedCultures.Find(subtitles)?.Name ?? culture.Name;
        SubtitleCulture = film.Subtitles.Any(s => s.Culture == wanted) ? wanted : null;
        return Page();
    }
}
