using Kinodialog.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Accounts.Users;

/// <summary>The staff security log for administrators: newest first, a page at a time.</summary>
[Authorize(Policy = Policies.ManageAccounts)]
public sealed class AuditModel(KinodialogDbContext db, IStringLocalizer<AccountsResource> l) : PageModel
{
    public const int PageSize = 50;

    public sealed record Row(DateTime At, string Who, string What, string Account, string Detail);

    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public bool HasOlder { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(1, PageNumber);
        var events = await db.Set<Kinodialog.Data.Entities.StaffAuditEvent>()
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize + 1)
            .AsNoTracking().ToListAsync(cancellationToken);
        HasOlder = events.Count > PageSize;
        events = [.. events.Take(PageSize)];
        var ids = events.SelectMany(e => new[] { e.ActorId, e.TargetUserId }).OfType<Guid>().Distinct().ToList();
        var emails = await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? "", cancellationToken);
        string Name(Guid? id) => id is { } value ? emails.GetValueOrDefault(value, value.ToString()) : "";
        Rows = [.. events.Select(e => new Row(
            e.At,
            e.ActorId is null ? l["no account"] : Name(e.ActorId),
            ActionName(e.Action),
            Name(e.TargetUserId),
            DetailText(e.Detail)))];
    }

    private string ActionName(string action) => action switch
    {
        StaffAuditActions.SignedIn => l["Signed in"],
        StaffAuditActions.SignInFailed => l["Sign-in refused"],
        StaffAuditActions.CodeFailed => l["Wrong sign-in code"],
        StaffAuditActions.AccountCreated => l["Account created"],
        StaffAuditActions.RolesChanged => l["Roles changed"],
        StaffAuditActions.AccountDisabled => l["Account disabled"],
        StaffAuditActions.AccountEnabled => l["Account enabled"],
        StaffAuditActions.PasswordReset => l["Password reset"],
        StaffAuditActions.PasswordChanged => l["Password changed"],
        StaffAuditActions.TwoFactorEnrolled => l["Two-factor sign-in turned on"],
        StaffAuditActions.TwoFactorDisabled => l["Two-factor sign-in turned off"],
        StaffAuditActions.TwoFactorReset => l["Two-factor sign-in reset"],
        StaffAuditActions.RecoveryCodesRenewed => l["New recovery codes"],
        StaffAuditActions.Exported => l["Export"],
        StaffAuditActions.Deleted => l["Deleted"],
        StaffAuditActions.HandbookRevisionApproved => l["Handbook revision approved"],
        StaffAuditActions.HandbookRevisionSentBack => l["Handbook revision sent back"],
        _ => action,
    };

    private string DetailText(string? detail) => detail switch
    {
        null => "",
        "wrong-password" => l["wrong password or unknown address"],
        "paused" => l["account paused after failed attempts"],
        "disabled" => l["the account is disabled"],
        "expired" => l["one-time password expired"],
        "authenticator" => l["with the authenticator app"],
        "recovery-code" => l["with a recovery code"],
        "password" => l["with the password"],
        _ => detail,
    };
}
