using System.ComponentModel.DataAnnotations;
using Kinodialog.Web.Features.Shared;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinodialog.Web.Features.Accounts.Users;

[Authorize(Policy = Policies.ManageAccounts)]
public sealed class NewModel(CreateStaffAccount create, StaffAuditLog audit) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter an e-mail address.")]
    [EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
    [StringLength(256, ErrorMessage = "The e-mail address is too long.")]
    public string Email { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Enter a name.")]
    [StringLength(200, ErrorMessage = "The name is too long.")]
    public string DisplayName { get; set; } = "";

    [BindProperty]
    public List<string> Roles { get; set; } = [];

    public (string Email, string Password)? Created { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (this.HasUnreadableInput(nameof(Email), nameof(DisplayName)))
        {
            return Page();
        }

        var result = await create.HandleAsync(new CreateStaffAccount.Command(Email, DisplayName, Roles), cancellationToken);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(string.Empty, error);
            }

            return Page();
        }

        await audit.RecordAsync(StaffAuditActions.AccountCreated, User, result.AccountId, string.Join(", ", Roles.Distinct()));
        Created = (Email.Trim(), result.OneTimePassword!);
        return Page();
    }
}
