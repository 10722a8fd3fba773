using Microsoft.AspNetCore.Identity;

namespace Kinodialog.Data.Entities;

/// <summary>A staff account (programme staff, organiser, translator, admin). Never an audience member.</summary>
public sealed class StaffUser : IdentityUser<Guid>
{
    public StaffUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString("N");
    }

    public string DisplayName { get; set; } = "";

    /// <summary>A disabled account cannot sign in; its existing sessions end at the next stamp check.</summary>
    public bool IsDisabled { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// Set while the password is a one-time password an administrator handed over (UTC): it stops working
    /// at this time and must be changed at the first sign-in. Null for a password the person chose.
    /// </summary>
    public DateTime? OneTimePasswordExpiresAt { get; set; }
}

public sealed class StaffRole : IdentityRole<Guid>
{
    public StaffRole()
    {
        Id = Guid.CreateVersion7();
    }

    public StaffRole(string name)
        : this()
    {
        Name = name;
    }
}
