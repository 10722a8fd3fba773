using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Data.Sqlite;
using Kinodialog.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Surveys;

/// <summary>
/// Writes answer sets in batches (group commit, <see cref="GroupCommitWriter{TItem, TResult}"/>):
/// every request waits until the transaction that holds its answer set has committed, so an
/// acknowledged answer survives a crash of the process. A repeated answer-set id is acknowledged as
/// a duplicate and never stored twice.
/// </summary>
public sealed class SurveyIngest : BackgroundService
{
    private readonly IServiceScopeFactory _scopes;
    private readonly GroupCommitWriter<Answers, bool> _writer;

    public SurveyIngest(IServiceScopeFactory scopes, Screenings.ScreeningEvents events, IOptions<SurveysOptions> options, SqliteCheckpointing checkpointing, ILogger<SurveyIngest> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _scopes = scopes;
        _writer = new GroupCommitWriter<Answers, bool>(
            WriteAsync,
            options.Value.MaxBatch,
            logger,
            "answer set(s)",
            // Another node stored one of these ids at the same moment: write them one by one.
            retryOneByOne: exception => exception is DbUpdateException,
            committed: async (batch, results, cancellationToken) =>
            {
                // Run mode's counters of people who answered.
                foreach (var screening in batch.Where((_, i) => results[i]).Select(a => a.Response.ScreeningId).Distinct())
                {
                    await events.PublishAsync(screening, cancellationToken, stateChanged: false);
                }
            },
            checkpointing: checkpointing);
    }

    /// <summary>One answer set and the community it declares (null: none; empty: cleared).</summary>
    public sealed record Answers(SurveyResponse Response, string? Community);

    /// <summary>True when stored now, false when this id was stored before.</summary>
    public Task<bool> SubmitAsync(SurveyResponse response, string? community, CancellationToken cancellationToken) =>
        _writer.SubmitAsync(new Answers(response, community), cancellationToken);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _writer.RunAsync(stoppingToken);

    private async Task<IReadOnlyList<bool>> WriteAsync(IReadOnlyList<Answers> batch, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KinodialogDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var ids = batch.Select(p => p.Response.Id).Distinct().ToList();
        var existing = (await db.SurveyResponses.Where(r => ids.Contains(r.Id)).Select(r => r.Id).ToListAsync(cancellationToken)).ToHashSet();
        var results = new bool[batch.Count];
        var communities = new Dictionary<Guid, string>();
        for (var i = 0; i < batch.Count; i++)
        {
            var item = batch[i];
            if (!existing.Add(item.Response.Id))
            {
                continue;
            }

            results[i] = true;
            db.SurveyResponses.Add(item.Response);
            if (item.Community is not null)
            {
                communities[item.Response.ParticipantId] = item.Community;
            }
        }

        if (results.Any(r => r))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var (participant, community) in communities)
            {
                var value = community.Length == 0 ? null : community;
                await db.Participants.Where(p => p.Id == participant)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.Community, value), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return results;
    }
}
