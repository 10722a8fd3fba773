using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Accounts;

/// <summary>The second step of a two-factor sign-in: a code from the authenticator app, or a recovery code.</summary>
public sealed class SignInCodeModel(SignInManager<StaffUser> signIn, IStringLocalizer<AccountsResource> l, StaffAuditLog audit) : PageModel
{
    [BindProperty]
    public string Code { get; set; } = "";

    [BindProperty]
    public string RecoveryCode { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public bool RememberMe { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? Redirect(SignInPage) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return Redirect(SignInPage);
        }

        var code = TwoFactorModel.Normalise(Code);
        var recovery = new string((RecoveryCode ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray());
        var result = code.Length > 0
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, RememberMe, rememberClient: false)
            : recovery.Length > 0
                ? await signIn.TwoFactorRecoveryCodeSignInAsync(recovery)
                : Microsoft.AspNetCore.Identity.SignInResult.Failed;
        if (result.Succeeded)
        {
            await audit.RecordAsync(StaffAuditActions.SignedIn, user.Id, detail: code.Length > 0 ? "authenticator" : "recovery-code");
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : CultureLinks.Local("/"));
        }

        // One answer for a wrong code and a paused account.
        await audit.RecordAsync(StaffAuditActions.CodeFailed, user.Id, detail: result.IsLockedOut ? "paused" : null);
        Error = l["The code is incorrect. After several failed attempts, wait a minute before trying again."];
        Code = RecoveryCode = "";
        return Page();
    }

    private string SignInPage => CultureLinks.Local("/account/sign-in") + (Url.IsLocalUrl(ReturnUrl) ? "?returnUrl=" + Uri.EscapeDataString(ReturnUrl!) : "");
}
