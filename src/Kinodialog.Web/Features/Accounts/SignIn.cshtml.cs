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
    StaffAuditLog audit,
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
            await audit.RecordAsync(StaffAuditActions.SignedIn, (await users.FindByEmailAsync(Email.Trim()))?.Id, detail: "password");
            LogSignedIn(logger);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : CultureLinks.Local("/"));
        }

        if (result.RequiresTwoFactor)
        {
            var next = CultureLinks.Local("/account/sign-in/code") + "?rememberMe=" + (RememberMe ? "true" : "false");
            return Redirect(Url.IsLocalUrl(ReturnUrl) ? next + "&returnUrl=" + Uri.EscapeDataString(ReturnUrl!) : next);
        }

        if (result.IsNotAllowed)
        {
            // Only after the right password: telling the person why is no help to someone guessing.
            var user = await users.FindByEmailAsync(Email.Trim());
            var expired = user is not null && !user.IsDisabled && ((StaffSignInManager)signIn).OneTimePasswordExpired(user);
            Error = expired
                ? l["This one-time password has expired. Ask an administrator for a new one."]
                : l["This account has been disabled. Ask an administrator."];
            await audit.RecordAsync(StaffAuditActions.SignInFailed, user?.Id, detail: expired ? "expired" : "disabled");
        }
        else
        {
            // One answer for an unknown address, a wrong password and a paused account.
            Error = l["The e-mail address or password is incorrect. After several failed attempts, wait a minute before trying again."];
            if (result.IsLockedOut)
            {
                LogLockedOut(logger);
            }

            // The account when the address is one; never the address typed or the password.
            var user = await users.FindByEmailAsync(Email.Trim());
            await audit.RecordAsync(StaffAuditActions.SignInFailed, user?.Id, detail: result.IsLockedOut ? "paused" : "wrong-password");
        }

        Password = "";
        return Page();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Staff member signed in")]
    private static partial void LogSignedIn(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Staff sign-in refused: account paused after repeated failures")]
    private static partial void LogLockedOut(ILogger logger);
}
