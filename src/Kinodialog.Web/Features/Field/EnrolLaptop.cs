using Kinodialog.Core.Accounts;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Field;

/// <summary>What went wrong in the set-up before or after asking the central instance.</summary>
public enum SetupProblem
{
    None = 0,
    AlreadySetUp,
    AddressMissing,
    AddressInvalid,
    CodeMissing,
    PasswordTooShort,
    PasswordsDiffer,
    Central,
    NotAFacilitator,
    Accounts,
}

/// <summary>A facilitator's one-time password, shown once on the set-up page.</summary>
public sealed record OneTimeCredential(string DisplayName, string Email, string Password);

/// <summary>
/// First start of a field laptop: enrols it on the central instance with the enrolment code, stores
/// the link (<see cref="FieldConnection"/>) and creates the facilitators' accounts with the same ids,
/// e-mail addresses and names as on the central instance (Organiser role). The person setting it up
/// chooses their own password; the others get one-time passwords, shown once.
/// </summary>
public sealed partial class EnrolLaptop(
    KinodialogDbContext db,
    CentralClient central,
    UserManager<StaffUser> users,
    IOptions<AccountOptions> accountOptions,
    TimeProvider clock,
    ILogger<EnrolLaptop> logger)
{
    public const int MinPasswordLength = 12;

    /// <param name="Pasted">Optional "{baseUrl}|{code}" as shown (and as QR code) by the central instance.</param>
    /// <param name="Email">Which facilitator is setting up the laptop.</param>
    public sealed record Command(string? Address, string? Code, string? Pasted, string? LaptopName, string? Email, string? Password, string? ConfirmPassword);

    public sealed record Result(
        SetupProblem Problem,
        CentralError? Central = null,
        IReadOnlyList<string>? Errors = null,
        Guid? SignedInUserId = null,
        IReadOnlyList<OneTimeCredential>? Credentials = null);

    public Task<bool> IsSetUpAsync(CancellationToken cancellationToken) => db.FieldConnections.AnyAsync(cancellationToken);

    /// <summary>Splits a pasted "{baseUrl}|{code}" into its two parts; null when it is not of that form.</summary>
    public static (string Address, string Code)? SplitPasted(string? pasted)
    {
        var parts = pasted?.Trim().Split('|', 2, StringSplitOptions.TrimEntries);
        return parts is [{ Length: > 0 } address, { Length: > 0 } code] ? (address, code) : null;
    }

    public async Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (await IsSetUpAsync(cancellationToken))
        {
            return new Result(SetupProblem.AlreadySetUp);
        }

        var (address, code) = SplitPasted(command.Pasted) ?? (command.Address?.Trim() ?? "", command.Code?.Trim() ?? "");
        if (address.Length == 0)
        {
            return new Result(SetupProblem.AddressMissing);
        }

        if (!address.Contains("://", StringComparison.Ordinal))
        {
            address = "https://" + address;
        }

        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return new Result(SetupProblem.AddressInvalid);
        }

        if (code.Length == 0)
        {
            return new Result(SetupProblem.CodeMissing);
        }

        var password = command.Password ?? "";
        if (password.Length < MinPasswordLength)
        {
            return new Result(SetupProblem.PasswordTooShort);
        }

        if (!string.Equals(password, command.ConfirmPassword, StringComparison.Ordinal))
        {
            return new Result(SetupProblem.PasswordsDiffer);
        }

        var baseUri = FieldLink.NormaliseBase(uri);
        var laptopName = string.IsNullOrWhiteSpace(command.LaptopName) ? Environment.MachineName : command.LaptopName.Trim();
        if (laptopName.Length > 100)
        {
            laptopName = laptopName[..100];
        }

        var enrolled = await central.EnrolAsync(baseUri, new EnrolRequest(code, laptopName), cancellationToken);
        if (!enrolled.Succeeded)
        {
            return new Result(SetupProblem.Central, enrolled.Error);
        }

        var response = enrolled.Value!;
        var now = clock.GetUtcNow().UtcDateTime;
        db.FieldConnections.Add(new FieldConnection
        {
            DeviceId = response.DeviceId,
            CentralBaseUrl = baseUri.ToString(),
            DeviceName = response.DeviceName,
            DeviceToken = response.Token,
            EnrolledAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        LogEnrolled(logger, response.DeviceId, response.Facilitators.Count);

        var email = command.Email?.Trim() ?? "";
        var self = response.Facilitators.FirstOrDefault(f => string.Equals(f.Email, email, StringComparison.OrdinalIgnoreCase));
        var credentials = new List<OneTimeCredential>();
        var errors = new List<string>();
        foreach (var facilitator in response.Facilitators)
        {
            var mine = facilitator == self;
            var chosen = mine ? password : PasswordGenerator.Generate();
            var outcome = await CreateAsync(facilitator, chosen, oneTime: !mine, now);
            if (!outcome.Succeeded)
            {
                errors.AddRange(outcome.Errors.Select(e => e.Description));
            }
            else if (!mine)
            {
                credentials.Add(new OneTimeCredential(facilitator.DisplayName, facilitator.Email, chosen));
            }
        }

        if (errors.Count > 0)
        {
            return new Result(SetupProblem.Accounts, Errors: errors, Credentials: credentials);
        }

        return new Result(self is null ? SetupProblem.NotAFacilitator : SetupProblem.None, SignedInUserId: self?.Id, Credentials: credentials);
    }

    private async Task<IdentityResult> CreateAsync(FieldFacilitator facilitator, string password, bool oneTime, DateTime now)
    {
        var expires = oneTime ? now + accountOptions.Value.OneTimePasswordLifetime : (DateTime?)null;
        var user = await users.FindByIdAsync(facilitator.Id.ToString());
        if (user is not null)
        {
            user.Email = user.UserName = facilitator.Email;
            user.DisplayName = facilitator.DisplayName;
            user.IsDisabled = false;
            user.OneTimePasswordExpiresAt = expires;
            var updated = await users.UpdateAsync(user);
            if (!updated.Succeeded)
            {
                return updated;
            }

            var token = await users.GeneratePasswordResetTokenAsync(user);
            var reset = await users.ResetPasswordAsync(user, token, password);
            if (!reset.Succeeded)
            {
                return reset;
            }
        }
        else
        {
            user = new StaffUser
            {
                Id = facilitator.Id,
                Email = facilitator.Email,
                UserName = facilitator.Email,
                DisplayName = facilitator.DisplayName,
                EmailConfirmed = true,
                CreatedAt = now,
                OneTimePasswordExpiresAt = expires,
            };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                return created;
            }
        }

        return await users.IsInRoleAsync(user, StaffRoles.Organiser)
            ? IdentityResult.Success
            : await users.AddToRoleAsync(user, StaffRoles.Organiser);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Field laptop enrolled as device {DeviceId} with {Facilitators} facilitator(s)")]
    private static partial void LogEnrolled(ILogger logger, Guid deviceId, int facilitators);
}
