using System.Threading.Channels;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Dialogue;

/// <summary>
/// Writes votes in batches (group commit): a request is acknowledged only after the transaction
/// holding its vote has committed. A repeated vote id (a phone retrying) is stored once.
/// </summary>
public sealed partial class VoteIngest(IServiceScopeFactory scopes, DialogueRecompute recompute, ILogger<VoteIngest> logger) : BackgroundService
{
    private const int MaxBatch = 500;

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(20_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>True when stored now, false when this id was stored before.</summary>
    public async Task<bool> SubmitAsync(Vote vote, CancellationToken cancellationToken)
    {
        var pending = new Pending(vote, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        return await pending.Done.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                await WriteBatchAsync(batch, stoppingToken);
                foreach (var screening in batch.Select(p => p.Vote.ScreeningId).Distinct())
                {
                    recompute.Notify(screening);
                }

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
        }
        catch (DbUpdateException) when (batch.Count > 1)
        {
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
        var ids = batch.Select(p => p.Vote.Id).Distinct().ToList();
        var existing = (await db.Votes.Where(v => ids.Contains(v.Id)).Select(v => v.Id).ToListAsync(cancellationToken)).ToHashSet();
        var results = new bool[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            if (existing.Add(batch[i].Vote.Id))
            {
                results[i] = true;
                db.Votes.Add(batch[i].Vote);
            }
        }

        if (results.Any(r => r))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return results;
    }

    private sealed record Pending(Vote Vote, TaskCompletionSource<bool> Done);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not store a batch of {Count} vote(s)")]
    private static partial void LogWriteFailed(ILogger logger, int count, Exception exception);
}
