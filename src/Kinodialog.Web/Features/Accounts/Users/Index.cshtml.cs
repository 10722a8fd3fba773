using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinodialog.Web.Features.Accounts.Users;

[Authorize(Policy = Policies.ManageAccounts)]
public sealed class IndexModel(ListStaffAccounts list, TimeProvider clock) : PageModel
{
    public IReadOnlyList<StaffAccountSummary> Accounts { get; private set; } = [];

    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Accounts = await list.HandleAsync(cancellationToken);
}
