namespace Kinodialog.Data.Entities;

/// <summary>
/// One security event of a staff account: who (the account, when known), what, when, and which account or
/// object it was about. Never an audience member's data, never an attempted password or e-mail address.
/// </summary>
public sealed class StaffAuditEvent
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public DateTime At { get; set; }

    /// <summary>The staff account that acted (for a sign-in: the account signing in, when the address is one).</summary>
    public Guid? ActorId { get; set; }

    /// <summary>What happened: see <c>StaffAuditActions</c> in the web project.</summary>
    public required string Action { get; set; }

    /// <summary>The staff account acted on (role change, password reset, …).</summary>
    public Guid? TargetUserId { get; set; }

    /// <summary>A short detail: the roles after a change, the screening an export was of, the kind of code.</summary>
    public string? Detail { get; set; }
}
