using Kinodialog.Data.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Kinodialog.Data;

/// <summary>The one database context of Kinodialog, shared by both providers.</summary>
public sealed class KinodialogDbContext(DbContextOptions<KinodialogDbContext> options)
    : IdentityDbContext<StaffUser, StaffRole, Guid, IdentityUserClaim<Guid>, IdentityUserRole<Guid>,
        IdentityUserLogin<Guid>, IdentityRoleClaim<Guid>, IdentityUserToken<Guid>>(options), IDataProtectionKeyContext
{
    /// <summary>Data-protection keys, used when several nodes must read each other's cookies (Cluster:Redis set).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<HandbookChapter> HandbookChapters => Set<HandbookChapter>();

    public DbSet<HandbookTranslation> HandbookTranslations => Set<HandbookTranslation>();

    public DbSet<HandbookVersion> HandbookVersions => Set<HandbookVersion>();

    public DbSet<HandbookProposal> HandbookProposals => Set<HandbookProposal>();

    public DbSet<Film> Films => Set<Film>();

    public DbSet<FilmTranslation> FilmTranslations => Set<FilmTranslation>();

    public DbSet<FilmCredit> FilmCredits => Set<FilmCredit>();

    public DbSet<FilmTag> FilmTags => Set<FilmTag>();

    public DbSet<MediaUpload> MediaUploads => Set<MediaUpload>();

    public DbSet<EncodingJob> EncodingJobs => Set<EncodingJob>();

    public DbSet<MediaFile> MediaFiles => Set<MediaFile>();

    public DbSet<SubtitleTrack> SubtitleTracks => Set<SubtitleTrack>();

    public DbSet<FilmSearchEntry> FilmSearchEntries => Set<FilmSearchEntry>();

    public DbSet<Screening> Screenings => Set<Screening>();

    public DbSet<ScreeningFilm> ScreeningFilms => Set<ScreeningFilm>();

    public DbSet<ScreeningChecklistItem> ScreeningChecklistItems => Set<ScreeningChecklistItem>();

    public DbSet<Participant> Participants => Set<Participant>();

    public DbSet<Questionnaire> Questionnaires => Set<Questionnaire>();

    public DbSet<QuestionnaireVersion> QuestionnaireVersions => Set<QuestionnaireVersion>();

    public DbSet<SurveyResponse> SurveyResponses => Set<SurveyResponse>();

    public DbSet<Statement> Statements => Set<Statement>();

    public DbSet<StatementTranslation> StatementTranslations => Set<StatementTranslation>();

    public DbSet<Vote> Votes => Set<Vote>();

    public DbSet<ModerationAction> ModerationActions => Set<ModerationAction>();

    public DbSet<BlocklistEntry> BlocklistEntries => Set<BlocklistEntry>();

    public DbSet<DialogueState> DialogueStates => Set<DialogueState>();

    public DbSet<StatementFlag> StatementFlags => Set<StatementFlag>();

    public DbSet<StaffAuditEvent> StaffAuditEvents => Set<StaffAuditEvent>();

    public DbSet<FieldDevice> FieldDevices => Set<FieldDevice>();

    public DbSet<FieldDeviceFacilitator> FieldDeviceFacilitators => Set<FieldDeviceFacilitator>();

    public DbSet<FieldSyncReceipt> FieldSyncReceipts => Set<FieldSyncReceipt>();

    public DbSet<FieldConnection> FieldConnections => Set<FieldConnection>();

    public DbSet<FieldCheckout> FieldCheckouts => Set<FieldCheckout>();

    public DbSet<FieldSyncCursor> FieldSyncCursors => Set<FieldSyncCursor>();

    public DbSet<FieldSyncLogEntry> FieldSyncLog => Set<FieldSyncLogEntry>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(KinodialogDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime is UTC in the database and comes back marked as UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => ToUtc(v),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc))
    {
        private static DateTime ToUtc(DateTime value) => value.Kind switch
        {
            DateTimeKind.Utc => value,
            DateTimeKind.Local => value.ToUniversalTime(),
            _ => throw new InvalidOperationException("DateTime values must be UTC before they are stored."),
        };
    }
}
