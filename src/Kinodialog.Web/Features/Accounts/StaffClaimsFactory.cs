using System.Security.Claims;
using Kinodialog.Core.Accounts;
using Kinodialog.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Accounts;

/// <summary>
/// Adds the display name to the sign-in cookie so the header can greet staff by name, and what the person
/// must do before using the site (<see cref="StaffGate"/>).
/// </summary>
public sealed class StaffClaimsFactory(UserManager<StaffUser> users, RoleManager<StaffRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<StaffUser, StaffRole>(users, roles, options)
{
    public const string DisplayNameClaim = "name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrWhiteSpace(user.DisplayName))
        {
            identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        }

        if (user.OneTimePasswordExpiresAt is not null)
        {
            identity.AddClaim(new Claim(StaffGate.PasswordChangeRequired, "1"));
        }

        if (!user.TwoFactorEnabled && StaffRoles.TwoFactorRequired.Any(r => identity.HasClaim(Options.ClaimsIdentity.RoleClaimType, r)))
        {
            identity.AddClaim(new Claim(StaffGate.TwoFactorEnrolmentRequired, "1"));
        }

        return identity;
    }
}
