using System.Security.Claims;
using Kinodialog.Data;
using Kinodialog.Data.Entities;

namespace Kinodialog.Web.Features.Accounts;

/// <summary>What the staff audit log records (<see cref="StaffAuditEvent.Action"/>).</summary>
public static class StaffAuditActions
{
    public const string SignedIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string CodeFailed = "sign-in-code-failed";
    public const string AccountCreated = "account-created";
    public const string RolesChanged = "roles-changed";
    public const string AccountDisabled = "account-disabled";
    public const string AccountEnabled = "account-enabled";
    public const string PasswordReset = "password-reset";
    public const string PasswordChanged = "password-changed";
    public const string TwoFactorEnrolled = "two-factor-enrolled";
    public const string TwoFactorDisabled = "two-factor-disabled";
    public const string TwoFactorReset = "two-factor-reset";
    public const string RecoveryCodesRenewed = "recovery-codes-renewed";
    public const string Exported = "export";
    public const string Deleted = "deleted";
    public const string HandbookRevisionApproved = "handbook-revision-approved";
    public const string HandbookRevisionSentBack = "handbook-revision-sent-back";
}

/// <summary>
/// Writes the staff audit log, each event in its own unit of work (so that it never carries along, or waits
/// for, the caller's unsaved changes). Records staff accounts only: an unknown sign-in address is stored as
/// "no account", never as the address typed.
/// </summary>
public sealed class StaffAuditLog(IServiceScopeFactory scopes, TimeProvider clock)
{
    public const int DetailLength = 300;

    public async Task RecordAsync(string action, Guid? actorId, Guid? targetUserId = null, string? detail = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KinodialogDbContext>();
        db.Add(new StaffAuditEvent
        {
            At = clock.GetUtcNow().UtcDateTime,
            ActorId = actorId,
            Action = action,
            TargetUserId = targetUserId,
            Detail = detail is { Length: > DetailLength } ? detail[..DetailLength] : detail,
        });
        await db.SaveChangesAsync(CancellationToken.None);
    }

    public Task RecordAsync(string action, ClaimsPrincipal actor, Guid? targetUserId = null, string? detail = null) =>
        RecordAsync(action, ActorOf(actor), targetUserId, detail);

    public static Guid? ActorOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
