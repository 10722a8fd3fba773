using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinodialog.Web.Features.Screenings;

public sealed class EventsModel(ListPublicScreenings list) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "country")]
    public string? Country { get; set; }

    public IReadOnlyList<ListPublicScreenings.Item> Screenings { get; private set; } = [];

    public IReadOnlyList<string> Countries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var culture = LocalizationExtensions.CurrentCulture().Name;
        var all = await list.HandleAsync(culture, null, cancellationToken);
        Countries = all.Select(s => s.Country).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Screenings = string.IsNullOrEmpty(Country) ? all : all.Where(s => s.Country == Country).ToList();
    }
}
