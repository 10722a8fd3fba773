using Kinodialog.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kinodialog.Data.Configurations;

internal sealed class FilmConfiguration : IEntityTypeConfiguration<Film>
{
    public void Configure(EntityTypeBuilder<Film> builder)
    {
        builder.ToTable("Films");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.Slug).HasMaxLength(80).IsRequired();
        builder.HasIndex(f => f.Slug).IsUnique();
        builder.HasMany(f => f.Translations).WithOne().HasForeignKey(t => t.FilmId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(f => f.Credits).WithOne().HasForeignKey(c => c.FilmId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(f => f.Tags).WithOne().HasForeignKey(t => t.FilmId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(f => f.Subtitles).WithOne().HasForeignKey(s => s.FilmId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FilmTranslationConfiguration : IEntityTypeConfiguration<FilmTranslation>
{
    public void Configure(EntityTypeBuilder<FilmTranslation> builder)
    {
        builder.ToTable("FilmTranslations");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Culture).HasMaxLength(16).IsRequired();
        builder.Property(t => t.Title).HasMaxLength(200).IsRequired();
        builder.Property(t => t.Synopsis).HasMaxLength(4000).IsRequired();
        builder.Property(t => t.DiscussionQuestions).HasMaxLength(4000).IsRequired();
        builder.Property(t => t.SuggestedStatements).HasMaxLength(4000).IsRequired();
        builder.HasIndex(t => new { t.FilmId, t.Culture }).IsUnique();
    }
}

internal sealed class FilmCreditConfiguration : IEntityTypeConfiguration<FilmCredit>
{
    public void Configure(EntityTypeBuilder<FilmCredit> builder)
    {
        builder.ToTable("FilmCredits");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Role).HasMaxLength(40).IsRequired();
        builder.Property(c => c.Name).HasMaxLength(200).IsRequired();
        builder.Property(c => c.Pseudonym).HasMaxLength(200);
    }
}

internal sealed class FilmTagConfiguration : IEntityTypeConfiguration<FilmTag>
{
    public void Configure(EntityTypeBuilder<FilmTag> builder)
    {
        builder.ToTable("FilmTags");
        builder.HasKey(t => new { t.FilmId, t.Kind, t.Key });
        builder.Property(t => t.Key).HasMaxLength(40);
        builder.HasIndex(t => new { t.Kind, t.Key });
    }
}

internal sealed class MediaUploadConfiguration : IEntityTypeConfiguration<MediaUpload>
{
    public void Configure(EntityTypeBuilder<MediaUpload> builder)
    {
        builder.ToTable("MediaUploads");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).ValueGeneratedNever();
        builder.Property(u => u.OriginalName).HasMaxLength(255);
        builder.Property(u => u.Error).HasMaxLength(2000);
        builder.Property(u => u.Offset).IsConcurrencyToken();
        builder.HasOne<Film>().WithMany().HasForeignKey(u => u.FilmId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EncodingJobConfiguration : IEntityTypeConfiguration<EncodingJob>
{
    public void Configure(EntityTypeBuilder<EncodingJob> builder)
    {
        builder.ToTable("EncodingJobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Id).ValueGeneratedNever();
        builder.Property(j => j.Error).HasMaxLength(8000);
        builder.HasIndex(j => new { j.Status, j.CreatedAt });
        builder.HasOne<Film>().WithMany().HasForeignKey(j => j.FilmId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(j => j.Files).WithOne().HasForeignKey(f => f.EncodingJobId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MediaFileConfiguration : IEntityTypeConfiguration<MediaFile>
{
    public void Configure(EntityTypeBuilder<MediaFile> builder)
    {
        builder.ToTable("MediaFiles");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.Rendition).HasMaxLength(16).IsRequired();
        builder.Property(f => f.Sha256).HasMaxLength(64).IsRequired();
        builder.Property(f => f.RelativePath).HasMaxLength(300).IsRequired();
        builder.Property(f => f.ContentType).HasMaxLength(100).IsRequired();
        builder.HasIndex(f => f.FilmId);
    }
}

internal sealed class SubtitleTrackConfiguration : IEntityTypeConfiguration<SubtitleTrack>
{
    public void Configure(EntityTypeBuilder<SubtitleTrack> builder)
    {
        builder.ToTable("SubtitleTracks");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Culture).HasMaxLength(16).IsRequired();
        builder.Property(s => s.Sha256).HasMaxLength(64).IsRequired();
        builder.Property(s => s.RelativePath).HasMaxLength(300).IsRequired();
        builder.HasIndex(s => new { s.FilmId, s.Culture }).IsUnique();
    }
}

internal sealed class FilmSearchEntryConfiguration : IEntityTypeConfiguration<FilmSearchEntry>
{
    public void Configure(EntityTypeBuilder<FilmSearchEntry> builder)
    {
        builder.ToTable("FilmSearchEntries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Culture).HasMaxLength(16).IsRequired();
        builder.Property(e => e.Text).IsRequired();
        builder.HasIndex(e => e.FilmId);
        builder.HasOne<Film>().WithMany().HasForeignKey(e => e.FilmId).OnDelete(DeleteBehavior.Cascade);
    }
}
