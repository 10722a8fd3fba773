using System.ComponentModel.DataAnnotations;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Shared;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Accounts.Users;

[Authorize(Policy = Policies.ManageAccounts)]
public sealed class EditModel(
    ListStaffAccounts list,
    UpdateStaffAccount update,
    ResetStaffPassword reset,
    ResetStaffTwoFactor resetTwoFactor,
    UserManager<StaffUser> users,
    IStringLocalizer<AccountsResource> l,
    TimeProvider clock,
    StaffAuditLog audit) : PageModel
{
    public StaffAccountSummary Account { get; private set; } = null!;

    public DateTimeOffset Now => clock.GetUtcNow();

    [BindProperty]
    [Required(ErrorMessage = "Enter a name.")]
    [StringLength(200, ErrorMessage = "The name is too long.")]
    public string DisplayName { get; set; } = "";

    [BindProperty]
    public List<string> Roles { get; set; } = [];

    [BindProperty]
    public bool IsDisabled { get; set; }

    [BindProperty]
    public bool Unlock { get; set; }

    public string? Message { get; private set; }

    public string? OneTimePassword { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        DisplayName = Account.DisplayName;
        Roles = [.. Account.Roles];
        IsDisabled = Account.IsDisabled;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (this.HasUnreadableInput(nameof(DisplayName)))
        {
            return Page();
        }

        var actingUserId = Guid.Parse(users.GetUserId(User)!);
        var result = await update.HandleAsync(new UpdateStaffAccount.Command(id, DisplayName, Roles, IsDisabled, Unlock, actingUserId), cancellationToken);
        if (result is null)
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(string.Empty, error);
            }

            return Page();
        }

        await LoadAsync(id, cancellationToken);
        Message = l["Changes saved."];
        return Page();
    }

    public async Task<IActionResult> OnPostResetPasswordAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await reset.HandleAsync(id, null, cancellationToken);
        if (result is null || !await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        await audit.RecordAsync(StaffAuditActions.PasswordReset, User, id);

        ModelState.Clear();
        DisplayName = Account.DisplayName;
        Roles = [.. Account.Roles];
        IsDisabled = Account.IsDisabled;
        OneTimePassword = result.OneTimePassword;
        return Page();
    }

    public async Task<IActionResult> OnPostResetTwoFactorAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await resetTwoFactor.HandleAsync(id, cancellationToken);
        if (result is null || !await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        await audit.RecordAsync(StaffAuditActions.TwoFactorReset, User, id);

        ModelState.Clear();
        DisplayName = Account.DisplayName;
        Roles = [.. Account.Roles];
        IsDisabled = Account.IsDisabled;
        Message = l["Two-factor sign-in was reset. The person sets it up again at their next sign-in."];
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var account = await list.FindAsync(id, cancellationToken);
        if (account is null)
        {
            return false;
        }

        Account = account;
        return true;
    }
}
