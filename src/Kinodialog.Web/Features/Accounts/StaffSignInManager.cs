using Kinodialog.Data.Entities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Accounts;

/// <summary>Identity's sign-in manager, refusing accounts an administrator disabled and expired one-time passwords.</summary>
public sealed class StaffSignInManager(
    UserManager<StaffUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<StaffUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<StaffUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<StaffUser> confirmation,
    TimeProvider clock)
    : SignInManager<StaffUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(StaffUser user) =>
        !user.IsDisabled && !OneTimePasswordExpired(user) && await base.CanSignInAsync(user);

    public bool OneTimePasswordExpired(StaffUser user) =>
        user.OneTimePasswordExpiresAt is { } expires && expires <= clock.GetUtcNow().UtcDateTime;
}
