using System.Threading.Channels;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Surveys;

/// <summary>
/// Writes answer sets in batches (group commit): every request waits until the transaction that
/// holds its answer set has committed, so an acknowledged answer survives a crash of the process.
/// A repeated answer-set id is acknowledged as a duplicate and never stored twice.
/// </summary>
public sealed partial class SurveyIngest(IServiceScopeFactory scopes, Screenings.ScreeningEvents events, IOptions<SurveysOptions> options, ILogger<SurveyIngest> logger) : BackgroundService
{
    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(20_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>True when stored now, false when this id was stored before.</summary>
    public async Task<bool> SubmitAsync(SurveyResponse response, string? community, CancellationToken cancellationToken)
    {
        var pending = new Pending(response, community, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        return await pending.Done.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(options.Value.MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < options.Value.MaxBatch && _queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                await WriteBatchAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var item in batch)
            {
                item.Done.TrySetCanceled(stoppingToken);
            }

            while (_queue.Reader.TryRead(out var left))
            {
                left.Done.TrySetCanceled(stoppingToken);
            }
        }
    }

    private async Task WriteBatchAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        try
        {
            var results = await WriteAsync(batch, cancellationToken);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(results[i]);
            }

            // Run mode's counters of people who answered.
            foreach (var screening in batch.Where((_, i) => results[i]).Select(p => p.Response.ScreeningId).Distinct())
            {
                await events.PublishAsync(screening, cancellationToken, stateChanged: false);
            }
        }
        catch (DbUpdateException) when (batch.Count > 1)
        {
            // Another node stored one of these ids at the same moment: write them one by one.
            foreach (var item in batch)
            {
                await WriteBatchAsync([item], cancellationToken);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogWriteFailed(logger, batch.Count, exception);
            foreach (var item in batch)
            {
                item.Done.TrySetException(exception);
            }
        }
    }

    private async Task<bool[]> WriteAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
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

    private sealed record Pending(SurveyResponse Response, string? Community, TaskCompletionSource<bool> Done);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not store a batch of {Count} answer set(s)")]
    private static partial void LogWriteFailed(ILogger logger, int count, Exception exception);
}
