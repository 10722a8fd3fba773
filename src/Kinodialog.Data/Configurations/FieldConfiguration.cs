using Kinodialog.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kinodialog.Data.Configurations;

internal sealed class FieldDeviceConfiguration : IEntityTypeConfiguration<FieldDevice>
{
    public void Configure(EntityTypeBuilder<FieldDevice> builder)
    {
        builder.ToTable("FieldDevices");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Name).HasMaxLength(100).IsRequired();
        builder.Property(d => d.TokenHash).HasMaxLength(64);
        builder.Property(d => d.EnrolmentCodeHash).HasMaxLength(64);
        builder.HasIndex(d => d.TokenHash).IsUnique();
        builder.HasIndex(d => d.EnrolmentCodeHash).IsUnique();
        builder.HasMany(d => d.Facilitators).WithOne().HasForeignKey(f => f.DeviceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FieldDeviceFacilitatorConfiguration : IEntityTypeConfiguration<FieldDeviceFacilitator>
{
    public void Configure(EntityTypeBuilder<FieldDeviceFacilitator> builder)
    {
        builder.ToTable("FieldDeviceFacilitators");
        builder.HasKey(f => new { f.DeviceId, f.StaffUserId });
        builder.HasIndex(f => f.StaffUserId);
    }
}

internal sealed class FieldSyncReceiptConfiguration : IEntityTypeConfiguration<FieldSyncReceipt>
{
    public void Configure(EntityTypeBuilder<FieldSyncReceipt> builder)
    {
        builder.ToTable("FieldSyncReceipts");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Via).HasMaxLength(10).IsRequired();
        builder.HasIndex(r => new { r.ScreeningId, r.At });
    }
}

internal sealed class FieldConnectionConfiguration : IEntityTypeConfiguration<FieldConnection>
{
    public void Configure(EntityTypeBuilder<FieldConnection> builder)
    {
        builder.ToTable("FieldConnections");
        builder.HasKey(c => c.DeviceId);
        builder.Property(c => c.DeviceId).ValueGeneratedNever();
        builder.Property(c => c.CentralBaseUrl).HasMaxLength(300).IsRequired();
        builder.Property(c => c.DeviceName).HasMaxLength(100).IsRequired();
        builder.Property(c => c.DeviceToken).HasMaxLength(100).IsRequired();
    }
}

internal sealed class FieldCheckoutConfiguration : IEntityTypeConfiguration<FieldCheckout>
{
    public void Configure(EntityTypeBuilder<FieldCheckout> builder)
    {
        builder.ToTable("FieldCheckouts");
        builder.HasKey(c => c.ScreeningId);
        builder.Property(c => c.ScreeningId).ValueGeneratedNever();
        builder.Property(c => c.LastError).HasMaxLength(1000);
        builder.Property(c => c.ResentDigest).HasMaxLength(64);
    }
}

internal sealed class FieldSyncCursorConfiguration : IEntityTypeConfiguration<FieldSyncCursor>
{
    public void Configure(EntityTypeBuilder<FieldSyncCursor> builder)
    {
        builder.ToTable("FieldSyncCursors");
        builder.HasKey(c => new { c.ScreeningId, c.Kind });
        builder.Property(c => c.Kind).HasMaxLength(20);
    }
}

internal sealed class FieldSyncLogEntryConfiguration : IEntityTypeConfiguration<FieldSyncLogEntry>
{
    public void Configure(EntityTypeBuilder<FieldSyncLogEntry> builder)
    {
        builder.ToTable("FieldSyncLog");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Message).HasMaxLength(1000).IsRequired();
        builder.HasIndex(e => new { e.ScreeningId, e.At });
    }
}
