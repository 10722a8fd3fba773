using Kinodialog.Core.Surveys;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Infrastructure.Cluster;
using Kinodialog.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Kinodialog.Web.Features.Questionnaires;

/// <summary>A published questionnaire version, ready to render and check answers against.</summary>
public sealed record PublishedQuestionnaire(Guid VersionId, Guid QuestionnaireId, string Key, int Number, QuestionnaireDefinition Definition);

/// <summary>
/// Finds questionnaire versions. Published versions never change, so they are kept in the
/// <see cref="IMemoryCache"/> for the life of the process, and so is which version is the default
/// until another is published (<see cref="ForgetDefault"/>); the built-in default questionnaire is
/// created by <see cref="EnsureDefaultAsync"/>.
/// </summary>
public sealed class QuestionnaireCatalog(KinodialogDbContext db, IMemoryCache cache, TimeProvider clock) : IDatabaseSeed
{
    Task IDatabaseSeed.EnsureAsync(CancellationToken cancellationToken) => EnsureDefaultAsync(cancellationToken);

    /// <summary>The shared cache entry of which version is the default (<see cref="SharedCacheEntries"/>).</summary>
    public const string DefaultEntry = "questionnaire-default";

    /// <summary>A version was published: the default questionnaire may have a new latest version (on every node).</summary>
    public static Task ForgetDefaultAsync(SharedCacheEntries entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return entries.RemoveAsync(DefaultEntry);
    }

    /// <summary>Creates the default questionnaire (version 1, published) when it does not exist yet.</summary>
    public async Task EnsureDefaultAsync(CancellationToken cancellationToken)
    {
        if (await db.Questionnaires.AnyAsync(q => q.Key == DefaultQuestionnaire.Key, cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var questionnaire = new Questionnaire { Key = DefaultQuestionnaire.Key, CreatedAt = now };
        questionnaire.Versions.Add(new QuestionnaireVersion
        {
            QuestionnaireId = questionnaire.Id,
            Number = 1,
            Definition = DefaultQuestionnaire.Create().ToJson(),
            CreatedAt = now,
            UpdatedAt = now,
            PublishedAt = now,
        });
        db.Questionnaires.Add(questionnaire);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The latest published version of the default questionnaire.</summary>
    public async Task<PublishedQuestionnaire> DefaultAsync(CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(SharedCacheEntries.Key(DefaultEntry), out Guid known) && await GetAsync(known, cancellationToken) is { } cached)
        {
            return cached;
        }

        var id = await db.QuestionnaireVersions.AsNoTracking()
            .Where(v => v.PublishedAt != null && db.Questionnaires.Any(q => q.Id == v.QuestionnaireId && q.Key == DefaultQuestionnaire.Key))
            .OrderByDescending(v => v.Number).Select(v => (Guid?)v.Id).FirstOrDefaultAsync(cancellationToken);
        if (id is null)
        {
            await EnsureDefaultAsync(cancellationToken);
            return await DefaultAsync(cancellationToken);
        }

        cache.Set(SharedCacheEntries.Key(DefaultEntry), id.Value);
        return (await GetAsync(id.Value, cancellationToken))!;
    }

    /// <summary>The version a screening uses: its own choice, else the default.</summary>
    public async Task<PublishedQuestionnaire> ForScreeningAsync(Guid? versionId, CancellationToken cancellationToken) =>
        versionId is { } id && await GetAsync(id, cancellationToken) is { } chosen ? chosen : await DefaultAsync(cancellationToken);

    /// <summary>A published version by id, or null (unknown or still a draft).</summary>
    public async Task<PublishedQuestionnaire?> GetAsync(Guid versionId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(new VersionKey(versionId), out PublishedQuestionnaire? cached) && cached is not null)
        {
            return cached;
        }

        var row = await db.QuestionnaireVersions.AsNoTracking()
            .Where(v => v.Id == versionId && v.PublishedAt != null)
            .Join(db.Questionnaires, v => v.QuestionnaireId, q => q.Id, (v, q) => new { v.Id, v.QuestionnaireId, q.Key, v.Number, v.Definition })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var definition = QuestionnaireDefinition.FromJson(row.Definition);
        if (row.Key == DefaultQuestionnaire.Key)
        {
            // Stored before questions said which end is better: the built-in directions (distance, unease: lower).
            definition = DefaultQuestionnaire.WithBuiltInDirections(definition);
        }

        var published = new PublishedQuestionnaire(row.Id, row.QuestionnaireId, row.Key, row.Number, definition);
        cache.Set(new VersionKey(versionId), published);
        return published;
    }

    /// <summary>Every published version (newest first within a questionnaire), for choosing one.</summary>
    public async Task<IReadOnlyList<PublishedQuestionnaire>> ListPublishedAsync(CancellationToken cancellationToken)
    {
        var ids = await db.QuestionnaireVersions.AsNoTracking().Where(v => v.PublishedAt != null)
            .OrderBy(v => v.QuestionnaireId).ThenByDescending(v => v.Number).Select(v => v.Id).ToListAsync(cancellationToken);
        var list = new List<PublishedQuestionnaire>();
        foreach (var id in ids)
        {
            list.Add((await GetAsync(id, cancellationToken))!);
        }

        return list;
    }

    private sealed record VersionKey(Guid VersionId);
}
