using Kinodialog.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kinodialog.Data.Configurations;

internal sealed class StatementConfiguration : IEntityTypeConfiguration<Statement>
{
    public void Configure(EntityTypeBuilder<Statement> builder)
    {
        builder.ToTable("Statements");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Text).HasMaxLength(500).IsRequired();
        builder.Property(s => s.Culture).HasMaxLength(16).IsRequired();
        builder.HasIndex(s => new { s.ScreeningId, s.Number }).IsUnique();
        builder.HasOne<Screening>().WithMany().HasForeignKey(s => s.ScreeningId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Participant>().WithMany().HasForeignKey(s => s.ParticipantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StatementTranslationConfiguration : IEntityTypeConfiguration<StatementTranslation>
{
    public void Configure(EntityTypeBuilder<StatementTranslation> builder)
    {
        builder.ToTable("StatementTranslations");
        builder.HasKey(t => new { t.StatementId, t.Culture });
        builder.Property(t => t.Culture).HasMaxLength(16);
        builder.Property(t => t.Text).HasMaxLength(500).IsRequired();
        builder.HasOne<Statement>().WithMany().HasForeignKey(t => t.StatementId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class VoteConfiguration : IEntityTypeConfiguration<Vote>
{
    public void Configure(EntityTypeBuilder<Vote> builder)
    {
        builder.ToTable("Votes");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever();
        // Indexes a vote lands in at the end of a run of equal keys (a screening's votes in time
        // order, a participant's, a statement's), so that writing a batch of votes touches few index
        // pages: an index whose key order is random within a participant, as (ParticipantId,
        // StatementId) was, made ingest twice as slow (bench/votes).
        builder.HasIndex(v => new { v.ScreeningId, v.CreatedAt });
        builder.HasIndex(v => v.ParticipantId);
        builder.HasIndex(v => v.StatementId);
        builder.HasOne<Screening>().WithMany().HasForeignKey(v => v.ScreeningId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Participant>().WithMany().HasForeignKey(v => v.ParticipantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Statement>().WithMany().HasForeignKey(v => v.StatementId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ModerationActionConfiguration : IEntityTypeConfiguration<ModerationAction>
{
    public void Configure(EntityTypeBuilder<ModerationAction> builder)
    {
        builder.ToTable("ModerationActions");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Action).HasMaxLength(40).IsRequired();
        builder.HasIndex(a => a.ScreeningId);
        builder.HasOne<Screening>().WithMany().HasForeignKey(a => a.ScreeningId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BlocklistEntryConfiguration : IEntityTypeConfiguration<BlocklistEntry>
{
    public void Configure(EntityTypeBuilder<BlocklistEntry> builder)
    {
        builder.ToTable("BlocklistEntries");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.Culture).HasMaxLength(16).IsRequired();
        builder.Property(b => b.Term).HasMaxLength(100).IsRequired();
        builder.HasIndex(b => b.ScreeningId);
        builder.HasOne<Screening>().WithMany().HasForeignKey(b => b.ScreeningId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DialogueStateConfiguration : IEntityTypeConfiguration<DialogueState>
{
    public void Configure(EntityTypeBuilder<DialogueState> builder)
    {
        builder.ToTable("DialogueStates");
        builder.HasKey(d => d.ScreeningId);
        builder.Property(d => d.StateJson).IsRequired();
        builder.Property(d => d.ResultJson).IsRequired();
        builder.HasOne<Screening>().WithMany().HasForeignKey(d => d.ScreeningId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StatementFlagConfiguration : IEntityTypeConfiguration<StatementFlag>
{
    public void Configure(EntityTypeBuilder<StatementFlag> builder)
    {
        builder.ToTable("StatementFlags");
        builder.HasKey(f => new { f.StatementId, f.ParticipantId });
        builder.HasOne<Statement>().WithMany().HasForeignKey(f => f.StatementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Participant>().WithMany().HasForeignKey(f => f.ParticipantId).OnDelete(DeleteBehavior.Restrict);
    }
}
