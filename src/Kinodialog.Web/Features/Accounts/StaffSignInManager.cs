using System.Collections.Concurrent;
using Kinodialog.Data.Entities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Accounts;

/// <summary>
/// Identity's sign-in manager, refusing accounts an administrator disabled and expired one-time passwords,
/// and answering alike for an unknown address, a wrong password and a paused (locked) account: each costs
/// one password hash, and nothing about the account is checked or told before the password is known right.
/// </summary>
public sealed class StaffSignInManager(
    UserManager<StaffUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<StaffUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<StaffUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<StaffUser> confirmation,
    IOptions<PasswordHasherOptions> hasherOptions,
    TimeProvider clock)
    : SignInManager<StaffUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    /// <summary>
    /// One decoy hash per iteration count (in a real installation there is one count): its cost is the cost
    /// of a real account's hash, also where a test lowers the count.
    /// </summary>
    private static readonly ConcurrentDictionary<int, Lazy<string>> DecoyHashes = new();

    public override async Task<bool> CanSignInAsync(StaffUser user) =>
        !user.IsDisabled && !OneTimePasswordExpired(user) && await base.CanSignInAsync(user);

    public bool OneTimePasswordExpired(StaffUser user) =>
        user.OneTimePasswordExpiresAt is { } expires && expires <= clock.GetUtcNow().UtcDateTime;

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            // The same hashing work as for a real account, so the time taken does not tell the address exists.
            UserManager.PasswordHasher.VerifyHashedPassword(new StaffUser(), DecoyHash(), password);
            return SignInResult.Failed;
        }

        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(StaffUser user, string password, bool lockoutOnFailure)
    {
        ArgumentNullException.ThrowIfNull(user);
        var lockedOut = UserManager.SupportsUserLockout && await UserManager.IsLockedOutAsync(user);
        var correct = await UserManager.CheckPasswordAsync(user, password);
        if (lockedOut)
        {
            return SignInResult.LockedOut;
        }

        if (!correct)
        {
            if (lockoutOnFailure && UserManager.SupportsUserLockout)
            {
                await UserManager.AccessFailedAsync(user);
                if (await UserManager.IsLockedOutAsync(user))
                {
                    return SignInResult.LockedOut;
                }
            }

            return SignInResult.Failed;
        }

        if (!await CanSignInAsync(user))
        {
            return SignInResult.NotAllowed;
        }

        // With two-factor sign-in the count is reset when the code is right, as Identity does.
        if (UserManager.SupportsUserLockout && !(UserManager.SupportsUserTwoFactor && await UserManager.GetTwoFactorEnabledAsync(user)))
        {
            await UserManager.ResetAccessFailedCountAsync(user);
        }

        return SignInResult.Success;
    }

    private string DecoyHash()
    {
        var hasher = UserManager.PasswordHasher;
        return DecoyHashes.GetOrAdd(hasherOptions.Value.IterationCount,
            _ => new Lazy<string>(() => hasher.HashPassword(new StaffUser(), Guid.NewGuid().ToString("N")))).Value;
    }
}
