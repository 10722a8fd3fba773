namespace Kinodialog.Data.Entities;

/// <summary>
/// A laptop enrolled on the central instance to carry screenings into the field (issue 16). Only a
/// keyed hash of its token and of its one-time enrolment code is stored.
/// </summary>
public sealed class FieldDevice
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    /// <summary>SHA-256 (hex) of the device token; null until the laptop has enrolled.</summary>
    public string? TokenHash { get; set; }

    /// <summary>SHA-256 (hex) of the short enrolment code; cleared once used.</summary>
    public string? EnrolmentCodeHash { get; set; }

    public DateTime? EnrolmentExpiresAt { get; set; }

    public DateTime? EnrolledAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public DateTime? LastSeenAt { get; set; }

    public Guid CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public List<FieldDeviceFacilitator> Facilitators { get; set; } = [];
}

/// <summary>A staff account (an organiser) allowed to sign in on an enrolled laptop.</summary>
public sealed class FieldDeviceFacilitator
{
    public Guid DeviceId { get; set; }

    public Guid StaffUserId { get; set; }
}

/// <summary>What the central instance received from a laptop: one row per accepted batch or bundle.</summary>
public sealed class FieldSyncReceipt
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid DeviceId { get; set; }

    public Guid ScreeningId { get; set; }

    /// <summary>"sync" (over the network) or "bundle" (a file).</summary>
    public required string Via { get; set; }

    public int Received { get; set; }

    public int AlreadyHad { get; set; }

    public DateTime At { get; set; }
}

/// <summary>The field laptop's link to its central instance (one row on a laptop, none on a central instance).</summary>
public sealed class FieldConnection
{
    public Guid DeviceId { get; set; }

    public required string CentralBaseUrl { get; set; }

    public required string DeviceName { get; set; }

    /// <summary>The device token, needed for every call to the central instance.</summary>
    public required string DeviceToken { get; set; }

    public DateTime EnrolledAt { get; set; }
}

/// <summary>A screening downloaded to this laptop, and where its sending back stands.</summary>
public sealed class FieldCheckout
{
    public Guid ScreeningId { get; set; }

    public DateTime DownloadedAt { get; set; }

    public DateTime? LastSyncAttemptAt { get; set; }

    public DateTime? LastSyncedAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>When the central instance confirmed it holds everything and released the screening.</summary>
    public DateTime? CheckedInAt { get; set; }

    public DateTime? RawDataDeletedAt { get; set; }

    /// <summary>
    /// The digest of the participants and statements being sent again before the check-in: the
    /// "again" cursors (<see cref="FieldSyncCursor"/>) count what went of exactly these records, and start
    /// over when a record changes.
    /// </summary>
    public string? ResentDigest { get; set; }
}

/// <summary>How far the laptop has sent one kind of record of one screening (ids in ascending order).</summary>
public sealed class FieldSyncCursor
{
    public Guid ScreeningId { get; set; }

    public required string Kind { get; set; }

    public Guid? LastId { get; set; }

    public int Sent { get; set; }
}

/// <summary>One line of the laptop's sync page: what went, and every error in words.</summary>
public sealed class FieldSyncLogEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ScreeningId { get; set; }

    public DateTime At { get; set; }

    public bool IsError { get; set; }

    public int Count { get; set; }

    public required string Message { get; set; }
}
