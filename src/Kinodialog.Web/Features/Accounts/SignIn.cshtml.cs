using System.ComponentModel.DataAnnotations;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Shared;
using Kinodialog.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Accounts;

public sealed partial class SignInModel(
    SignInManager<StaffUser> signIn,
    UserManager<StaffUser> users,
    IStringLocalizer<AccountsResource> l,
    TimeProvider clock,
    ILogger<SignInModel> logger) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter your e-mail address.")]
    [EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
    public string Email { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Enter your password.")]
    public string Password { get; set; } = "";

    [BindProperty]
    public bool RememberMe { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (this.HasUnreadableInput(nameof(Email), nameof(Password)))
        {
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(Email.Trim(), Password, RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            LogSignedIn(logger);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : CultureLinks.Local("/"));
        }

        if (result.IsLockedOut)
        {
            var user = await users.FindByEmailAsync(Email.Trim());
            var until = user?.LockoutEnd;
            var minutes = until is null ? 15 : Math.Max(1, (int)Math.Ceiling((until.Value - clock.GetUtcNow()).TotalMinutes));
            Error = l["Too many failed attempts. This account is locked for {0} minutes.", minutes];
            LogLockedOut(logger);
        }
        else if (result.IsNotAllowed)
        {
            Error = l["This account has been disabled. Ask an administrator."];
        }
        else
        {
            Error = l["The e-mail address or password is incorrect."];
        }

        Password = "";
        return Page();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Staff member signed in")]
    private static partial void LogSignedIn(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Staff account locked out after repeated failed sign-ins")]
    private static partial void LogLockedOut(ILogger logger);
}
