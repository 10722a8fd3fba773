using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using Kinodialog.Core.Accounts;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Screenings;
using Kinodialog.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Accounts;

/// <summary>
/// Two-factor sign-in with an authenticator app (TOTP): enrol (the key as text and as a QR code drawn here),
/// confirm with a code, get recovery codes once; later, new recovery codes, or turning it off where the
/// roles allow.
/// </summary>
[Authorize]
public sealed class TwoFactorModel(UserManager<StaffUser> users, SignInManager<StaffUser> signIn, IStringLocalizer<AccountsResource> l, StaffAuditLog audit) : PageModel
{
    public const int RecoveryCodeCount = 10;

    [BindProperty]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Enabled { get; private set; }

    /// <summary>The account's roles require two-factor sign-in (Admin, Programme).</summary>
    public bool Required { get; private set; }

    public string SharedKey { get; private set; } = "";

    public string QrDataUri { get; private set; } = "";

    /// <summary>Shown once, right after enrolment or after asking for new ones.</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public int RecoveryCodesLeft { get; private set; }

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        return user is null ? Challenge() : await ShowAsync(user);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (await users.GetTwoFactorEnabledAsync(user))
        {
            return await ShowAsync(user);
        }

        var code = Normalise(Code);
        if (code.Length == 0 || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(Code), l["The code is incorrect. Enter the 6 digits your authenticator app shows now."]);
            return await ShowAsync(user);
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList();
        await signIn.RefreshSignInAsync(user);
        await audit.RecordAsync(StaffAuditActions.TwoFactorEnrolled, user.Id, user.Id);
        Message = l["Two-factor sign-in is on. Keep the recovery codes below somewhere safe."];
        Code = "";
        return await ShowAsync(user);
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (await users.GetTwoFactorEnabledAsync(user))
        {
            RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList();
            await audit.RecordAsync(StaffAuditActions.RecoveryCodesRenewed, user.Id, user.Id);
        }

        return await ShowAsync(user);
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!RequiredFor(await users.GetRolesAsync(user)) && await users.GetTwoFactorEnabledAsync(user))
        {
            await users.SetTwoFactorEnabledAsync(user, false);
            await users.ResetAuthenticatorKeyAsync(user);
            await signIn.RefreshSignInAsync(user);
            await audit.RecordAsync(StaffAuditActions.TwoFactorDisabled, user.Id, user.Id);
            Message = l["Two-factor sign-in is off."];
        }

        return await ShowAsync(user);
    }

    public static bool RequiredFor(IEnumerable<string> roles) => roles.Any(StaffRoles.TwoFactorRequired.Contains);

    /// <summary>Spaces, dashes and a pasted grouping are ignored.</summary>
    public static string Normalise(string? code) =>
        new((code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());

    private async Task<IActionResult> ShowAsync(StaffUser user)
    {
        Enabled = await users.GetTwoFactorEnabledAsync(user);
        Required = RequiredFor(await users.GetRolesAsync(user));
        if (Enabled)
        {
            RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user);
            return Page();
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
        }

        SharedKey = Group(key);
        var email = await users.GetEmailAsync(user) ?? "";
        var uri = string.Create(CultureInfo.InvariantCulture,
            $"otpauth://totp/{Uri.EscapeDataString("Kinodialog:" + email)}?secret={key}&issuer=Kinodialog&digits=6");
        QrDataUri = QrCodes.SvgDataUri(uri);
        return Page();
    }

    private static string Group(string key)
    {
        var result = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            result.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return result.ToString().TrimEnd().ToLowerInvariant();
    }

    public string Continue => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : CultureLinks.Local("/");
}
