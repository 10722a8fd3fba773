using Kinodialog.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kinodialog.Data.Configurations;

internal sealed class StaffAuditEventConfiguration : IEntityTypeConfiguration<StaffAuditEvent>
{
    public void Configure(EntityTypeBuilder<StaffAuditEvent> builder)
    {
        builder.ToTable("StaffAuditEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Action).HasMaxLength(40).IsRequired();
        builder.Property(e => e.Detail).HasMaxLength(300);
        builder.HasIndex(e => e.At);
    }
}
