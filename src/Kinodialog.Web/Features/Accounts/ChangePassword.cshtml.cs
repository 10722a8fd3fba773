using System.ComponentModel.DataAnnotations;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinodialog.Web.Features.Accounts;

[Authorize]
public sealed class ChangePasswordModel(UserManager<StaffUser> users, SignInManager<StaffUser> signIn) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter your current password.")]
    public string CurrentPassword { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Enter a new password.")]
    public string NewPassword { get; set; } = "";

    public bool Saved { get; private set; }

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

        await signIn.RefreshSignInAsync(user);
        Saved = true;
        CurrentPassword = NewPassword = "";
        return Page();
    }
}
