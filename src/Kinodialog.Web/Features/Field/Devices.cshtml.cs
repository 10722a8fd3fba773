using Kinodialog.Web.Features.Accounts;
using Kinodialog.Web.Features.Screenings;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinodialog.Web.Features.Field;

/// <summary>Programme staff enrol field laptops, see when each was last seen, and revoke them.</summary>
[Authorize(Policy = Policies.OverseeScreenings)]
public sealed class DevicesModel(ListFieldDevices list, StartFieldEnrolment start, RevokeFieldDevice revoke, JoinLinks links) : PageModel
{
    public IReadOnlyList<FieldDeviceItem> Devices { get; private set; } = [];

    public IReadOnlyList<OrganiserChoice> Organisers { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    /// <summary>Shown once after "Enrol a laptop": the code, the central address and the QR code's text.</summary>
    public (string Name, string Code, string BaseUrl, string Text, DateTime ExpiresAt)? Enrolment { get; private set; }

    public Guid? ConfirmRevoke { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostEnrolAsync(string? name, List<Guid> facilitators, CancellationToken cancellationToken)
    {
        var result = await start.HandleAsync(name, facilitators, User, cancellationToken);
        Errors = result.Errors;
        if (result.Code is { } code)
        {
            var baseUrl = links.Address(Request).BaseUrl;
            Enrolment = (name!.Trim(), code, baseUrl, FieldSecrets.EnrolmentText(baseUrl, code), result.ExpiresAt!.Value);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid device, bool confirm, CancellationToken cancellationToken)
    {
        if (!confirm)
        {
            ConfirmRevoke = device;
            await LoadAsync(cancellationToken);
            return Page();
        }

        return await revoke.HandleAsync(device, User, cancellationToken) ? Redirect(Shared.CultureLinks.Local("/field/devices")) : NotFound();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Devices = await list.HandleAsync(cancellationToken);
        Organisers = await list.OrganisersAsync(cancellationToken);
    }
}
