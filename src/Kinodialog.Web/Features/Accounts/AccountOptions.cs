namespace Kinodialog.Web.Features.Accounts;

/// <summary>Staff account rules (<c>Accounts:*</c> in the configuration).</summary>
public sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// <summary>How long a one-time password (a new account's, or after a reset) works before it must have been changed.</summary>
    public TimeSpan OneTimePasswordLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Failed sign-ins (wrong password or wrong code) in a row before the account pauses.</summary>
    public int MaxFailedSignIns { get; set; } = 10;

    /// <summary>How long the pause lasts: short, so that a stranger cannot keep a colleague out for long.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(1);
}
