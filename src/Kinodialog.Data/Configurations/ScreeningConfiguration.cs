using Kinodialog.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kinodialog.Data.Configurations;

internal sealed class ScreeningConfiguration : IEntityTypeConfiguration<Screening>
{
    public void Configure(EntityTypeBuilder<Screening> builder)
    {
        builder.ToTable("Screenings");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Title).HasMaxLength(200).IsRequired();
        builder.Property(s => s.TimeZoneId).HasMaxLength(64).IsRequired();
        builder.Property(s => s.Venue).HasMaxLength(200).IsRequired();
        builder.Property(s => s.City).HasMaxLength(100).IsRequired();
        builder.Property(s => s.Country).HasMaxLength(100).IsRequired();
        builder.Property(s => s.EventCulture).HasMaxLength(16).IsRequired();
        builder.Property(s => s.SubtitleCulture).HasMaxLength(16);
        builder.PrimitiveCollection(s => s.AudienceCultures).IsRequired();
        builder.Property(s => s.Facilitators).HasMaxLength(500).IsRequired();
        builder.Property(s => s.AudienceType).HasMaxLength(20).IsRequired();
        builder.Property(s => s.JoinCode).HasMaxLength(12);
        builder.HasIndex(s => s.JoinCode).IsUnique();
        builder.Property(s => s.Notes).HasMaxLength(8000).IsRequired();
        builder.Property(s => s.ImportedFrom).HasMaxLength(20);
        builder.Property(s => s.Incidents).HasMaxLength(8000).IsRequired();
        builder.HasIndex(s => s.CheckedOutToDeviceId);
        builder.HasIndex(s => s.OwnerId);
        builder.HasIndex(s => s.StartsAtUtc);
        builder.Property(s => s.SelfCodeKey).HasMaxLength(32);
        builder.Property(s => s.CardKey).HasMaxLength(32);
        builder.HasOne<QuestionnaireVersion>().WithMany().HasForeignKey(s => s.QuestionnaireVersionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StaffUser>().WithMany().HasForeignKey(s => s.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Films).WithOne().HasForeignKey(f => f.ScreeningId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Checklist).WithOne().HasForeignKey(c => c.ScreeningId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScreeningFilmConfiguration : IEntityTypeConfiguration<ScreeningFilm>
{
    public void Configure(EntityTypeBuilder<ScreeningFilm> builder)
    {
        builder.ToTable("ScreeningFilms");
        builder.HasKey(f => new { f.ScreeningId, f.Position });
        builder.HasOne<Film>().WithMany().HasForeignKey(f => f.FilmId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ScreeningChecklistItemConfiguration : IEntityTypeConfiguration<ScreeningChecklistItem>
{
    public void Configure(EntityTypeBuilder<ScreeningChecklistItem> builder)
    {
        builder.ToTable("ScreeningChecklistItems");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Key).HasMaxLength(40).IsRequired();
        builder.HasIndex(c => new { c.ScreeningId, c.Key }).IsUnique();
    }
}

internal sealed class ParticipantConfiguration : IEntityTypeConfiguration<Participant>
{
    public void Configure(EntityTypeBuilder<Participant> builder)
    {
        builder.ToTable("Participants");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.TokenHash).HasMaxLength(64).IsRequired();
        builder.Property(p => p.Culture).HasMaxLength(16).IsRequired();
        builder.Property(p => p.SelfCodeHash).HasMaxLength(64);
        builder.Property(p => p.Community).HasMaxLength(20);
        builder.HasIndex(p => new { p.ScreeningId, p.CardNumber }).IsUnique();
        builder.HasIndex(p => p.TokenHash).IsUnique();
        builder.HasIndex(p => p.ScreeningId);
        builder.HasOne<Screening>().WithMany().HasForeignKey(p => p.ScreeningId).OnDelete(DeleteBehavior.Cascade);
    }
}
