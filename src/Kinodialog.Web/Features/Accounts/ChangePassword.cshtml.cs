using System.ComponentModel.DataAnnotations;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Shared;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Accounts;

[Authorize]
public sealed class ChangePasswordModel(UserManager<StaffUser> users, SignInManager<StaffUser> signIn, IStringLocalizer<AccountsResource> l, StaffAuditLog audit) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter your current password.")]
    public string CurrentPassword { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Enter a new password.")]
    public string NewPassword { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Saved { get; private set; }

    /// <summary>The current password is a one-time password: it must be changed before anything else.</summary>
    public bool Required => User.HasClaim(c => c.Type == StaffGate.PasswordChangeRequired);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (this.HasUnreadableInput(nameof(CurrentPassword), nameof(NewPassword)))
        {
            return Page();
        }

        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (string.Equals(CurrentPassword, NewPassword, StringComparison.Ordinal))
        {
            ModelState.AddModelError(nameof(NewPassword), l["Choose a new password that differs from the current one."]);
            return Page();
        }

        var wasRequired = user.OneTimePasswordExpiresAt is not null;
        var result = await users.ChangePasswordAsync(user, CurrentPassword, NewPassword);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                var field = error.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? nameof(CurrentPassword) : nameof(NewPassword);
                ModelState.AddModelError(field, error.Description);
            }

            return Page();
        }

        await audit.RecordAsync(StaffAuditActions.PasswordChanged, user.Id, user.Id, wasRequired ? "one-time password replaced" : null);
        if (wasRequired)
        {
            user.OneTimePasswordExpiresAt = null;
            await users.UpdateAsync(user);
        }

        await signIn.RefreshSignInAsync(user);
        if (wasRequired)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : CultureLinks.Local("/"));
        }

        Saved = true;
        CurrentPassword = NewPassword = "";
        return Page();
    }
}
