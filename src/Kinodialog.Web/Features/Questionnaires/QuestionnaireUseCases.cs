using System.Globalization;
using System.Text;
using Kinodialog.Core.Localization;
using Kinodialog.Core.Surveys;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Infrastructure.Cluster;
using Kinodialog.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Questionnaires;

public sealed record QuestionnaireVersionSummary(Guid Id, int Number, DateTime CreatedAt, DateTime UpdatedAt, DateTime? PublishedAt)
{
    public bool IsPublished => PublishedAt is not null;
}

public sealed record QuestionnaireSummary(Guid Id, string Key, string Title, IReadOnlyList<QuestionnaireVersionSummary> Versions)
{
    public bool HasDraft => Versions.Any(v => !v.IsPublished);
}

/// <summary>One version with its definition, for the editor and the preview.</summary>
public sealed record QuestionnaireVersionView(
    Guid Id, Guid QuestionnaireId, string Key, int Number, DateTime? PublishedAt, DateTime UpdatedAt, Guid Revision, QuestionnaireDefinition Definition)
{
    public bool IsPublished => PublishedAt is not null;
}

/// <summary>Every questionnaire with its versions (newest first), titled in the reader's language from its latest version.</summary>
public sealed class ListQuestionnaires(KinodialogDbContext db)
{
    public async Task<IReadOnlyList<QuestionnaireSummary>> HandleAsync(string culture, CancellationToken cancellationToken)
    {
        var questionnaires = await db.Questionnaires.AsNoTracking().OrderBy(q => q.Key).Select(q => new { q.Id, q.Key }).ToListAsync(cancellationToken);
        var versions = await db.QuestionnaireVersions.AsNoTracking()
            .Select(v => new { v.Id, v.QuestionnaireId, v.Number, v.CreatedAt, v.UpdatedAt, v.PublishedAt })
            .ToListAsync(cancellationToken);
        var result = new List<QuestionnaireSummary>();
        foreach (var q in questionnaires)
        {
            var own = versions.Where(v => v.QuestionnaireId == q.Id).OrderByDescending(v => v.Number)
                .Select(v => new QuestionnaireVersionSummary(v.Id, v.Number, v.CreatedAt, v.UpdatedAt, v.PublishedAt)).ToList();
            var title = q.Key;
            if (own.Count > 0)
            {
                var latestId = own[0].Id;
                var json = await db.QuestionnaireVersions.AsNoTracking().Where(v => v.Id == latestId).Select(v => v.Definition).FirstAsync(cancellationToken);
                var titles = QuestionnaireDefinition.FromJson(json).Titles;
                title = titles.GetValueOrDefault(culture) ?? titles.GetValueOrDefault(SupportedCultures.English.Name) ?? titles.Values.FirstOrDefault() ?? q.Key;
            }

            result.Add(new QuestionnaireSummary(q.Id, q.Key, title, own));
        }

        return result;
    }
}

/// <summary>A version by id (draft or published).</summary>
public sealed class GetQuestionnaireVersion(KinodialogDbContext db)
{
    public async Task<QuestionnaireVersionView?> HandleAsync(Guid versionId, CancellationToken cancellationToken)
    {
        var row = await db.QuestionnaireVersions.AsNoTracking()
            .Where(v => v.Id == versionId)
            .Join(db.Questionnaires, v => v.QuestionnaireId, q => q.Id, (v, q) => new { v.Id, v.QuestionnaireId, q.Key, v.Number, v.PublishedAt, v.UpdatedAt, v.Revision, v.Definition })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null
            ? null
            : new QuestionnaireVersionView(row.Id, row.QuestionnaireId, row.Key, row.Number, row.PublishedAt, row.UpdatedAt, row.Revision, QuestionnaireDefinition.FromJson(row.Definition));
    }
}

/// <summary>
/// A new questionnaire, as a draft copy of the built-in default (so staff start from something that
/// works), titled with the typed name in the reader's language; its key is derived from the name.
/// </summary>
public sealed class CreateQuestionnaire(KinodialogDbContext db, TimeProvider clock)
{
    public const int MaxNameLength = 200;

    public sealed record Command(string? Name, string Culture);

    public sealed record Result(Guid? VersionId, string? Key);

    public async Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
    {
        var name = (command.Name ?? "").Trim();
        if (name.Length == 0 || name.Length > MaxNameLength)
        {
            return new Result(null, null);
        }

        var stem = KeyStem(name);
        var key = stem;
        for (var n = 2; await db.Questionnaires.AnyAsync(q => q.Key == key, cancellationToken); n++)
        {
            key = stem + "-" + n.ToString(CultureInfo.InvariantCulture);
        }

        var template = DefaultQuestionnaire.Create();
        var definition = template with { Titles = new Dictionary<string, string>(StringComparer.Ordinal) { [command.Culture] = name } };
        var now = clock.GetUtcNow().UtcDateTime;
        var questionnaire = new Questionnaire { Key = key, CreatedAt = now };
        var version = new QuestionnaireVersion { QuestionnaireId = questionnaire.Id, Number = 1, Definition = definition.ToJson(), CreatedAt = now, UpdatedAt = now };
        questionnaire.Versions.Add(version);
        db.Questionnaires.Add(questionnaire);
        await db.SaveChangesAsync(cancellationToken);
        return new Result(version.Id, key);
    }

    /// <summary>Lower-case Latin letters, digits and hyphens from the name; "questionnaire" when none are left.</summary>
    public static string KeyStem(string name)
    {
        var builder = new StringBuilder();
        foreach (var ch in name.Normalize(NormalizationForm.FormD))
        {
            var lower = char.ToLowerInvariant(ch);
            if (lower is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                builder.Append(lower);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark && builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var stem = builder.ToString().Trim('-');
        if (stem.Length > 40)
        {
            stem = stem[..40].TrimEnd('-');
        }

        return stem.Length == 0 || !char.IsAsciiLetter(stem[0]) ? ("questionnaire-" + stem).TrimEnd('-') : stem;
    }
}

/// <summary>A new draft (number = highest + 1) copied from a published version; at most one draft per questionnaire.</summary>
public sealed class StartDraft(KinodialogDbContext db, TimeProvider clock)
{
    public enum Outcome
    {
        Created,
        DraftExists,
        NotFound,
    }

    public sealed record Result(Outcome Outcome, Guid? DraftId);

    public async Task<Result> HandleAsync(Guid fromVersionId, CancellationToken cancellationToken)
    {
        var source = await db.QuestionnaireVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == fromVersionId && v.PublishedAt != null, cancellationToken);
        if (source is null)
        {
            return new Result(Outcome.NotFound, null);
        }

        var draft = await db.QuestionnaireVersions.AsNoTracking()
            .Where(v => v.QuestionnaireId == source.QuestionnaireId && v.PublishedAt == null).Select(v => (Guid?)v.Id).FirstOrDefaultAsync(cancellationToken);
        if (draft is not null)
        {
            return new Result(Outcome.DraftExists, draft);
        }

        var number = await db.QuestionnaireVersions.Where(v => v.QuestionnaireId == source.QuestionnaireId).MaxAsync(v => v.Number, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var version = new QuestionnaireVersion
        {
            QuestionnaireId = source.QuestionnaireId,
            Number = number + 1,
            Definition = source.Definition,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.QuestionnaireVersions.Add(version);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone else started a draft at the same moment (the number is unique per questionnaire).
            db.ChangeTracker.Clear();
            var theirs = await db.QuestionnaireVersions.AsNoTracking()
                .Where(v => v.QuestionnaireId == source.QuestionnaireId && v.PublishedAt == null).Select(v => (Guid?)v.Id).FirstOrDefaultAsync(cancellationToken);
            if (theirs is null)
            {
                throw;
            }

            return new Result(Outcome.DraftExists, theirs);
        }

        return new Result(Outcome.Created, version.Id);
    }
}

/// <summary>
/// Saves a draft (any state is allowed in a draft) and, when asked, publishes it: publishing
/// refuses a questionnaire with issues in any of the four languages. A published version never
/// changes; a save based on an older revision is refused.
/// </summary>
public sealed partial class SaveDraft(KinodialogDbContext db, SharedCacheEntries cache, TimeProvider clock, ILogger<SaveDraft> logger)
{
    public enum Outcome
    {
        Saved,
        Published,
        NotPublishable,
        Conflict,
        AlreadyPublished,
        NotFound,
    }

    public sealed record Command(Guid VersionId, Guid Revision, QuestionnaireDefinition Definition, bool Publish);

    public sealed record Result(Outcome Outcome, Guid Revision, IReadOnlyList<QuestionnaireIssue> Issues);

    public static IReadOnlyList<string> Cultures { get; } = SupportedCultures.All.Select(c => c.Name).ToList();

    public async Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
    {
        var version = await db.QuestionnaireVersions.FirstOrDefaultAsync(v => v.Id == command.VersionId, cancellationToken);
        if (version is null)
        {
            return new Result(Outcome.NotFound, Guid.Empty, []);
        }

        if (version.PublishedAt is not null)
        {
            return new Result(Outcome.AlreadyPublished, version.Revision, []);
        }

        if (version.Revision != command.Revision)
        {
            return new Result(Outcome.Conflict, version.Revision, []);
        }

        var issues = command.Publish ? QuestionnaireRules.Validate(command.Definition, Cultures) : [];
        var now = clock.GetUtcNow().UtcDateTime;
        version.Definition = command.Definition.ToJson();
        version.UpdatedAt = now;
        version.Revision = Guid.NewGuid();
        var publish = command.Publish && issues.Count == 0;
        if (publish)
        {
            version.PublishedAt = now;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            var current = await db.QuestionnaireVersions.AsNoTracking().Where(v => v.Id == command.VersionId).Select(v => v.Revision).FirstOrDefaultAsync(cancellationToken);
            return new Result(Outcome.Conflict, current, []);
        }

        if (publish)
        {
            // A new version of the default questionnaire becomes the default for screenings that chose none.
            await QuestionnaireCatalog.ForgetDefaultAsync(cache);
            LogPublished(logger, version.Id, version.QuestionnaireId, version.Number);
            return new Result(Outcome.Published, version.Revision, []);
        }

        return new Result(command.Publish ? Outcome.NotPublishable : Outcome.Saved, version.Revision, issues);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Questionnaire version {VersionId} (questionnaire {QuestionnaireId}, number {Number}) published")]
    private static partial void LogPublished(ILogger logger, Guid versionId, Guid questionnaireId, int number);
}

/// <summary>The questionnaire version a screening chose (null: the default), and whether answers already fix it.</summary>
public sealed class GetScreeningQuestionnaire(KinodialogDbContext db)
{
    public sealed record Result(Guid? VersionId, bool Locked);

    /// <summary>Call only after the screening's access check.</summary>
    public async Task<Result> HandleAsync(Guid screeningId, CancellationToken cancellationToken)
    {
        var versionId = await db.Screenings.Where(s => s.Id == screeningId).Select(s => s.QuestionnaireVersionId).FirstOrDefaultAsync(cancellationToken);
        var locked = await db.SurveyResponses.AnyAsync(r => r.ScreeningId == screeningId, cancellationToken);
        return new Result(versionId, locked);
    }

    /// <summary>A published version's name for a list: its title in the culture, its key and number.</summary>
    public static string Title(PublishedQuestionnaire version, string culture) =>
        version.Definition.Titles.GetValueOrDefault(culture) ?? version.Definition.Titles.GetValueOrDefault(SupportedCultures.English.Name) ?? version.Key;
}

public static class QuestionnairesExtensions
{
    public static IServiceCollection AddQuestionnaires(this IServiceCollection services)
    {
        services.AddScoped<QuestionnaireCatalog>();
        services.AddScoped<IDatabaseSeed>(sp => sp.GetRequiredService<QuestionnaireCatalog>());
        services.AddScoped<ListQuestionnaires>();
        services.AddScoped<GetQuestionnaireVersion>();
        services.AddScoped<CreateQuestionnaire>();
        services.AddScoped<StartDraft>();
        services.AddScoped<SaveDraft>();
        services.AddScoped<GetScreeningQuestionnaire>();
        return services;
    }
}
