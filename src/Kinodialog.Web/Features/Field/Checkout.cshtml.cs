using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinodialog.Web.Features.Field;

/// <summary>Takes a planned screening to a field laptop (its owner or programme staff), or cancels that (programme staff).</summary>
[Authorize(Policy = Policies.OrganiseScreenings)]
public sealed class CheckoutModel(CheckOutScreening checkOut) : PageModel
{
    public CheckoutView View { get; private set; } = null!;

    public string? Error { get; private set; }

    public bool ConfirmCancel { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, Guid device, CancellationToken cancellationToken)
    {
        Error = await checkOut.CheckOutAsync(id, device, User, cancellationToken);
        if (Error is null)
        {
            return Redirect(CultureLinks.Local($"/screenings/{id}/field"));
        }

        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, bool confirm, CancellationToken cancellationToken)
    {
        if (!confirm)
        {
            ConfirmCancel = true;
            return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
        }

        await checkOut.CancelAsync(id, User, cancellationToken);
        return Redirect(CultureLinks.Local($"/screenings/{id}/field"));
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var view = await checkOut.LoadAsync(id, User, cancellationToken);
        if (view is null)
        {
            return false;
        }

        View = view;
        return true;
    }
}
