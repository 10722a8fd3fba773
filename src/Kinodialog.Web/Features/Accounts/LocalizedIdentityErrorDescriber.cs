using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Accounts;

/// <summary>Identity's validation messages in the user's language.</summary>
public sealed class LocalizedIdentityErrorDescriber(IStringLocalizer<AccountsResource> l) : IdentityErrorDescriber
{
    private static IdentityError Error(string code, string text) => new() { Code = code, Description = text };

    public override IdentityError DefaultError() => Error(nameof(DefaultError), l["An unknown error occurred."]);

    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure), l["Someone else changed this account at the same time. Reload the page and try again."]);

    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), l["The current password is incorrect."]);

    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), l["“{0}” is not a valid e-mail address.", email ?? ""]);

    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), l["“{0}” is not a valid e-mail address.", userName ?? ""]);

    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), l["An account with the e-mail address {0} already exists.", email]);

    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), l["An account with the e-mail address {0} already exists.", userName]);

    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), l["The password must be at least {0} characters long.", length]);

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Error(nameof(PasswordRequiresUniqueChars), l["The password must contain at least {0} different characters.", uniqueChars]);

    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric), l["The password must contain a character that is neither a letter nor a digit."]);

    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), l["The password must contain a digit."]);

    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), l["The password must contain a lower-case letter."]);

    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), l["The password must contain an upper-case letter."]);

    public override IdentityError UserAlreadyInRole(string role) => Error(nameof(UserAlreadyInRole), l["The account already has the role {0}.", role]);

    public override IdentityError UserNotInRole(string role) => Error(nameof(UserNotInRole), l["The account does not have the role {0}.", role]);

    public override IdentityError InvalidRoleName(string? role) => Error(nameof(InvalidRoleName), l["“{0}” is not a role.", role ?? ""]);
}
