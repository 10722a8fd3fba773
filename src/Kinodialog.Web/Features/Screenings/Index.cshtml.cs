using Kinodialog.Core.Accounts;
using Kinodialog.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinodialog.Web.Features.Screenings;

[Authorize(Policy = Policies.OrganiseScreenings)]
public sealed class IndexModel(ListScreenings list) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "country")]
    public string? Country { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public string? To { get; set; }

    public bool SeesAll => StaffRoles.ScreeningOverseers.Any(User.IsInRole);

    public IReadOnlyList<ScreeningListItem> Screenings { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Screenings = await list.HandleAsync(ScreeningsApi.ParseQuery(Country, Status, From, To), User, cancellationToken);
}
