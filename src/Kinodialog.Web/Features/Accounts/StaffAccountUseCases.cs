using Kinodialog.Core.Accounts;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Accounts;

public sealed record StaffAccountSummary(
    Guid Id, string Email, string DisplayName, IReadOnlyList<string> Roles, bool IsDisabled, DateTimeOffset? LockedUntil, DateTime CreatedAt);

/// <summary>Outcome of a use case that changes an account: either done, or errors to show.</summary>
public sealed record AccountResult(bool Succeeded, IReadOnlyList<string> Errors, string? OneTimePassword = null, Guid? AccountId = null)
{
    public static AccountResult Failed(params string[] errors) => new(false, errors);

    public static AccountResult Failed(IdentityResult result) => new(false, result.Errors.Select(e => e.Description).ToList());
}

public sealed class ListStaffAccounts(KinodialogDbContext db)
{
    public async Task<IReadOnlyList<StaffAccountSummary>> HandleAsync(CancellationToken cancellationToken)
    {
        var roleNames = await db.Roles.ToDictionaryAsync(r => r.Id, r => r.Name ?? "", cancellationToken);
        var userRoles = await db.UserRoles.ToListAsync(cancellationToken);
        var users = await db.Users
            .OrderBy(u => u.Email)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.IsDisabled, u.LockoutEnd, u.CreatedAt })
            .ToListAsync(cancellationToken);
        return users.Select(u => new StaffAccountSummary(
                u.Id,
                u.Email ?? "",
                u.DisplayName,
                userRoles.Where(r => r.UserId == u.Id).Select(r => roleNames[r.RoleId]).Order(StringComparer.Ordinal).ToList(),
                u.IsDisabled,
                u.LockoutEnd,
                u.CreatedAt))
            .ToList();
    }

    public async Task<StaffAccountSummary?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        (await HandleAsync(cancellationToken)).FirstOrDefault(a => a.Id == id);
}

public sealed class CreateStaffAccount(UserManager<StaffUser> users, TimeProvider clock, IOptions<AccountOptions> options)
{
    public sealed record Command(string Email, string DisplayName, IReadOnlyList<string> Roles, string? Password = null);

    /// <summary>Creates the account; when no password is given, generates one to hand over once.</summary>
    public async Task<AccountResult> HandleAsync(Command command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var unknown = command.Roles.Where(r => !StaffRoles.All.Contains(r)).ToList();
        if (unknown.Count > 0)
        {
            return AccountResult.Failed(users.ErrorDescriber.InvalidRoleName(unknown[0]).Description);
        }

        var oneTime = string.IsNullOrEmpty(command.Password);
        var password = oneTime ? PasswordGenerator.Generate() : command.Password!;
        var now = clock.GetUtcNow().UtcDateTime;
        var user = new StaffUser
        {
            Email = command.Email.Trim(),
            UserName = command.Email.Trim(),
            DisplayName = command.DisplayName.Trim(),
            EmailConfirmed = true,
            CreatedAt = now,
            OneTimePasswordExpiresAt = oneTime ? now + options.Value.OneTimePasswordLifetime : null,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return AccountResult.Failed(created);
        }

        if (command.Roles.Count > 0)
        {
            var roles = await users.AddToRolesAsync(user, command.Roles.Distinct());
            if (!roles.Succeeded)
            {
                await users.DeleteAsync(user);
                return AccountResult.Failed(roles);
            }
        }

        return new AccountResult(true, [], string.IsNullOrEmpty(command.Password) ? password : null, user.Id);
    }
}

public sealed class UpdateStaffAccount(UserManager<StaffUser> users, IStringLocalizer<AccountsResource> l, StaffAuditLog audit)
{
    public sealed record Command(Guid Id, string DisplayName, IReadOnlyList<string> Roles, bool IsDisabled, bool Unlock, Guid ActingUserId);

    public async Task<AccountResult?> HandleAsync(Command command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var user = await users.FindByIdAsync(command.Id.ToString());
        if (user is null)
        {
            return null;
        }

        var roles = command.Roles.Where(StaffRoles.All.Contains).Distinct().ToList();
        var current = await users.GetRolesAsync(user);
        if (command.Id == command.ActingUserId && (command.IsDisabled || !roles.Contains(StaffRoles.Admin)))
        {
            return AccountResult.Failed(l["You cannot disable your own account or remove your own Admin role."]);
        }

        user.DisplayName = command.DisplayName.Trim();
        var disabling = command.IsDisabled && !user.IsDisabled;
        var enabling = !command.IsDisabled && user.IsDisabled;
        user.IsDisabled = command.IsDisabled;
        if (command.Unlock)
        {
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
        }

        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            return AccountResult.Failed(updated);
        }

        var removed = await users.RemoveFromRolesAsync(user, current.Except(roles));
        var added = await users.AddToRolesAsync(user, roles.Except(current));
        if (!removed.Succeeded || !added.Succeeded)
        {
            return AccountResult.Failed(removed.Succeeded ? added : removed);
        }

        var rolesChanged = !current.Order(StringComparer.Ordinal).SequenceEqual(roles.Order(StringComparer.Ordinal));
        if (rolesChanged)
        {
            await audit.RecordAsync(StaffAuditActions.RolesChanged, command.ActingUserId, user.Id,
                string.Join(", ", current.Order(StringComparer.Ordinal)) + " → " + string.Join(", ", roles.Order(StringComparer.Ordinal)));
        }

        if (disabling)
        {
            await audit.RecordAsync(StaffAuditActions.AccountDisabled, command.ActingUserId, user.Id);
        }
        else if (enabling)
        {
            await audit.RecordAsync(StaffAuditActions.AccountEnabled, command.ActingUserId, user.Id);
        }

        if (disabling || rolesChanged)
        {
            // Ends the account's other sessions at their next security-stamp check.
            await users.UpdateSecurityStampAsync(user);
        }

        return new AccountResult(true, [], AccountId: user.Id);
    }
}

public sealed class ResetStaffPassword(UserManager<StaffUser> users, TimeProvider clock, IOptions<AccountOptions> options)
{
    /// <summary>
    /// Replaces the password with a generated one-time password (shown once; it expires and must be changed
    /// at the next sign-in), or with the one given, and ends the account's sessions.
    /// </summary>
    public async Task<AccountResult?> HandleAsync(Guid id, string? newPassword, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return null;
        }

        var password = string.IsNullOrEmpty(newPassword) ? PasswordGenerator.Generate() : newPassword;
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (!reset.Succeeded)
        {
            return AccountResult.Failed(reset);
        }

        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        user.OneTimePasswordExpiresAt = string.IsNullOrEmpty(newPassword) ? clock.GetUtcNow().UtcDateTime + options.Value.OneTimePasswordLifetime : null;
        await users.UpdateAsync(user);
        return new AccountResult(true, [], string.IsNullOrEmpty(newPassword) ? password : null, user.Id);
    }
}

public sealed class ResetStaffTwoFactor(UserManager<StaffUser> users)
{
    /// <summary>
    /// For a lost phone: turns two-factor sign-in off, forgets the authenticator key and the recovery codes
    /// and ends the account's sessions. Admin and Programme enrol again at their next sign-in.
    /// </summary>
    public async Task<AccountResult?> HandleAsync(Guid id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return null;
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        await users.UpdateSecurityStampAsync(user);
        return new AccountResult(true, [], AccountId: user.Id);
    }
}
