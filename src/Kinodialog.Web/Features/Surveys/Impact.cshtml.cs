using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Features.Films;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Surveys;

/// <summary>Pooled survey results across screenings for programme staff, with filters; intervals by cluster bootstrap.</summary>
[Authorize(Policy = Policies.OverseeScreenings)]
public sealed class ImpactModel(SurveyResults results, ListFilms films, IStringLocalizer<SurveysResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Country { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Film { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    public SurveyReport Report { get; private set; } = null!;

    public IReadOnlyList<(Guid Id, string Title)> Films { get; private set; } = [];

    public string Query => QueryString.Create(new Dictionary<string, string?>
    {
        ["country"] = Country,
        ["film"] = Film?.ToString(),
        ["from"] = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["to"] = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    }.Where(kv => !string.IsNullOrEmpty(kv.Value))).ToString();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var culture = LocalizationExtensions.CurrentCulture().Name;
        Films = (await films.HandleAsync(new ListFilms.Query(culture, IncludeUnpublished: true), cancellationToken)).Select(f => (f.Id, f.Title)).ToList();
        Report = await results.PooledAsync(new PoolFilter(Country, Film, From, To), l["All screenings"], culture, cancellationToken);
    }
}
