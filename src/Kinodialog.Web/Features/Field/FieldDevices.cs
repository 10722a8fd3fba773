using System.Security.Claims;
using Kinodialog.Core.Accounts;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kinodialog.Web.Features.Field;

/// <summary>What the staff audit log records about field mode.</summary>
public static class FieldAuditActions
{
    public const string DeviceEnrolmentStarted = "field-device-enrolment";
    public const string DeviceEnrolled = "field-device-enrolled";
    public const string DeviceRevoked = "field-device-revoked";
    public const string CheckedOut = "field-check-out";
    public const string CheckOutCancelled = "field-check-out-cancelled";
    public const string BundleImported = "field-bundle-imported";
}

public sealed record FieldDeviceItem(
    Guid Id, string Name, DateTime? EnrolledAt, DateTime? LastSeenAt, DateTime? RevokedAt, bool CodePending, IReadOnlyList<string> Facilitators)
{
    public bool Usable => EnrolledAt is not null && RevokedAt is null;
}

public sealed record OrganiserChoice(Guid Id, string DisplayName, string Email);

/// <summary>The enrolled laptops (devices page, check-out page).</summary>
public sealed class ListFieldDevices(KinodialogDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<FieldDeviceItem>> HandleAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var devices = await db.FieldDevices.AsNoTracking().Include(d => d.Facilitators).OrderBy(d => d.Name).ThenBy(d => d.Id).ToListAsync(cancellationToken);
        var staffIds = devices.SelectMany(d => d.Facilitators).Select(f => f.StaffUserId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => staffIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName.Length > 0 ? u.DisplayName : u.Email ?? "", cancellationToken);
        return devices
            .Select(d => new FieldDeviceItem(
                d.Id, d.Name, d.EnrolledAt, d.LastSeenAt, d.RevokedAt,
                d.EnrolmentCodeHash is not null && d.EnrolmentExpiresAt > now && d.RevokedAt is null,
                d.Facilitators.Select(f => names.GetValueOrDefault(f.StaffUserId, "")).Order(StringComparer.Ordinal).ToList()))
            .ToList();
    }

    /// <summary>Accounts that may be chosen as a laptop's facilitators: enabled organisers.</summary>
    public async Task<IReadOnlyList<OrganiserChoice>> OrganisersAsync(CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking()
            .Where(u => !u.IsDisabled && db.UserRoles.Any(r => r.UserId == u.Id && db.Roles.Any(x => x.Id == r.RoleId && x.Name == StaffRoles.Organiser)))
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Email)
            .Select(u => new OrganiserChoice(u.Id, u.DisplayName, u.Email ?? ""))
            .ToListAsync(cancellationToken);
}

/// <summary>Starts the enrolment of a laptop: a device row and a one-time code, shown once.</summary>
public sealed class StartFieldEnrolment(KinodialogDbContext db, StaffAuditLog audit, IStringLocalizer<FieldResource> l, TimeProvider clock)
{
    public const int MaxNameLength = 100;

    public sealed record Result(Guid? DeviceId, string? Code, DateTime? ExpiresAt, IReadOnlyDictionary<string, string> Errors);

    public async Task<Result> HandleAsync(string? name, IReadOnlyList<Guid> facilitatorIds, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > MaxNameLength)
        {
            errors["Name"] = l["Give the laptop a name (at most 100 characters), e.g. the facilitator's name and the laptop's colour."];
        }

        var ids = facilitatorIds.Distinct().ToList();
        var organisers = await db.Users.AsNoTracking()
            .Where(u => ids.Contains(u.Id) && !u.IsDisabled && db.UserRoles.Any(r => r.UserId == u.Id && db.Roles.Any(x => x.Id == r.RoleId && x.Name == StaffRoles.Organiser)))
            .Select(u => u.Id).ToListAsync(cancellationToken);
        if (ids.Count == 0 || organisers.Count != ids.Count)
        {
            errors["Facilitators"] = l["Choose at least one organiser who will sign in on the laptop."];
        }

        if (errors.Count > 0)
        {
            return new Result(null, null, null, errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var code = FieldSecrets.NewEnrolmentCode();
        var device = new FieldDevice
        {
            Name = name,
            EnrolmentCodeHash = FieldSecrets.Hash(FieldSecrets.NormalizeCode(code)!),
            EnrolmentExpiresAt = now + FieldSecrets.EnrolmentCodeLifetime,
            CreatedBy = StaffAuditLog.ActorOf(user) ?? Guid.Empty,
            CreatedAt = now,
        };
        foreach (var id in organisers)
        {
            device.Facilitators.Add(new FieldDeviceFacilitator { DeviceId = device.Id, StaffUserId = id });
        }

        db.FieldDevices.Add(device);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(FieldAuditActions.DeviceEnrolmentStarted, user, detail: $"device {device.Id}");
        return new Result(device.Id, code, device.EnrolmentExpiresAt, new Dictionary<string, string>());
    }
}

/// <summary>Revokes a laptop: its token stops working at once.</summary>
public sealed class RevokeFieldDevice(KinodialogDbContext db, StaffAuditLog audit, TimeProvider clock)
{
    public async Task<bool> HandleAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var device = await db.FieldDevices.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (device is null)
        {
            return false;
        }

        if (device.RevokedAt is null)
        {
            device.RevokedAt = clock.GetUtcNow().UtcDateTime;
            device.EnrolmentCodeHash = null;
            await db.SaveChangesAsync(cancellationToken);
            await audit.RecordAsync(FieldAuditActions.DeviceRevoked, user, detail: $"device {device.Id}");
        }

        return true;
    }
}

/// <summary>A laptop trades its one-time code for its device token (POST /api/field/enrol).</summary>
public sealed class CompleteFieldEnrolment(KinodialogDbContext db, StaffAuditLog audit, TimeProvider clock)
{
    public async Task<EnrolResponse?> HandleAsync(EnrolRequest request, CancellationToken cancellationToken)
    {
        var code = FieldSecrets.NormalizeCode(request.Code);
        if (code is null)
        {
            return null;
        }

        var hash = FieldSecrets.Hash(code);
        var now = clock.GetUtcNow().UtcDateTime;
        var device = await db.FieldDevices.Include(d => d.Facilitators)
            .FirstOrDefaultAsync(d => d.EnrolmentCodeHash == hash && d.RevokedAt == null && d.EnrolmentExpiresAt > now, cancellationToken);
        if (device is null)
        {
            return null;
        }

        var token = FieldSecrets.NewToken();
        device.TokenHash = FieldSecrets.Hash(token);
        device.EnrolmentCodeHash = null;
        device.EnrolmentExpiresAt = null;
        device.EnrolledAt = now;
        device.LastSeenAt = now;
        // Used at most once even when two requests race: only the one that still finds the code's hash changes the row.
        var claimed = await db.FieldDevices.Where(d => d.Id == device.Id && d.EnrolmentCodeHash == hash)
            .ExecuteUpdateAsync(
                s => s.SetProperty(d => d.TokenHash, device.TokenHash).SetProperty(d => d.EnrolmentCodeHash, (string?)null)
                    .SetProperty(d => d.EnrolmentExpiresAt, (DateTime?)null).SetProperty(d => d.EnrolledAt, now).SetProperty(d => d.LastSeenAt, now),
                cancellationToken);
        if (claimed != 1)
        {
            return null;
        }

        var staffIds = device.Facilitators.Select(f => f.StaffUserId).ToList();
        var facilitators = await db.Users.AsNoTracking().Where(u => staffIds.Contains(u.Id))
            .OrderBy(u => u.DisplayName).Select(u => new FieldFacilitator(u.Id, u.Email ?? "", u.DisplayName)).ToListAsync(cancellationToken);
        await audit.RecordAsync(FieldAuditActions.DeviceEnrolled, (Guid?)null, detail: $"device {device.Id}");
        return new EnrolResponse(device.Id, device.Name, token, facilitators);
    }
}

/// <summary>Finds the device of an "Authorization: Device &lt;token&gt;" header; unknown or revoked: null.</summary>
public sealed class FieldDeviceAuthentication(KinodialogDbContext db, TimeProvider clock)
{
    /// <summary>How often the last-seen time is written at most.</summary>
    public static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(1);

    public async Task<Guid?> HandleAsync(string? authorization, CancellationToken cancellationToken)
    {
        var prefix = FieldLimits.AuthorizationScheme + " ";
        if (authorization is null || !authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || authorization.Length > 200)
        {
            return null;
        }

        var token = authorization[prefix.Length..].Trim();
        if (token.Length == 0)
        {
            return null;
        }

        var hash = FieldSecrets.Hash(token);
        var device = await db.FieldDevices.AsNoTracking().Where(d => d.TokenHash == hash && d.RevokedAt == null)
            .Select(d => new { d.Id, d.LastSeenAt }).FirstOrDefaultAsync(cancellationToken);
        if (device is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (device.LastSeenAt is null || now - device.LastSeenAt >= LastSeenResolution)
        {
            await db.FieldDevices.Where(d => d.Id == device.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.LastSeenAt, now), cancellationToken);
        }

        return device.Id;
    }
}
