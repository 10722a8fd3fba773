using Kinodialog.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kinodialog.Data.Configurations;

internal sealed class HandbookChapterConfiguration : IEntityTypeConfiguration<HandbookChapter>
{
    public void Configure(EntityTypeBuilder<HandbookChapter> builder)
    {
        builder.ToTable("HandbookChapters");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever(); // Guid.CreateVersion7() in the entity
        builder.Property(c => c.Slug).HasMaxLength(80).IsRequired();
        builder.HasIndex(c => c.Slug).IsUnique();
        builder.Property(c => c.SourceCulture).HasMaxLength(16).IsRequired();
        builder.HasMany(c => c.Translations).WithOne(t => t.Chapter).HasForeignKey(t => t.ChapterId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class HandbookTranslationConfiguration : IEntityTypeConfiguration<HandbookTranslation>
{
    public void Configure(EntityTypeBuilder<HandbookTranslation> builder)
    {
        builder.ToTable("HandbookTranslations");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever(); // Guid.CreateVersion7() in the entity
        builder.Property(t => t.Culture).HasMaxLength(16).IsRequired();
        builder.Property(t => t.Title).HasMaxLength(200).IsRequired();
        builder.Property(t => t.Markdown).IsRequired();
        builder.Property(t => t.Revision).IsConcurrencyToken();
        builder.HasIndex(t => new { t.ChapterId, t.Culture }).IsUnique();
        builder.HasMany(t => t.Versions).WithOne(v => v.Translation).HasForeignKey(v => v.TranslationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(t => t.Proposal).WithOne(p => p.Translation).HasForeignKey<HandbookProposal>(p => p.TranslationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class HandbookVersionConfiguration : IEntityTypeConfiguration<HandbookVersion>
{
    public void Configure(EntityTypeBuilder<HandbookVersion> builder)
    {
        builder.ToTable("HandbookVersions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever(); // Guid.CreateVersion7() in the entity
        builder.Property(v => v.Title).HasMaxLength(200).IsRequired();
        builder.Property(v => v.Markdown).IsRequired();
        builder.Property(v => v.AuthorName).HasMaxLength(200);
        builder.Property(v => v.Note).HasMaxLength(500);
        builder.HasIndex(v => new { v.TranslationId, v.Number }).IsUnique();
    }
}

internal sealed class HandbookProposalConfiguration : IEntityTypeConfiguration<HandbookProposal>
{
    public void Configure(EntityTypeBuilder<HandbookProposal> builder)
    {
        builder.ToTable("HandbookProposals");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever(); // Guid.CreateVersion7() in the entity
        builder.Property(p => p.Title).HasMaxLength(200).IsRequired();
        builder.Property(p => p.Markdown).IsRequired();
        builder.Property(p => p.AuthorName).HasMaxLength(200);
        builder.Property(p => p.Note).HasMaxLength(500);
        builder.Property(p => p.ReviewerName).HasMaxLength(200);
        builder.Property(p => p.ReviewNote).HasMaxLength(500);
        builder.Property(p => p.Number).IsConcurrencyToken();
        builder.HasIndex(p => p.TranslationId).IsUnique();
    }
}
