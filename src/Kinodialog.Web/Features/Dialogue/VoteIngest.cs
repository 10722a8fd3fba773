using System.Threading.Channels;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Features.Dialogue;

/// <summary>
/// Writes votes in batches (group commit): a request is acknowledged only after the transaction
/// holding its votes has committed. A request's votes are always in the same transaction (all
/// stored or none). A repeated vote id (a phone retrying) is stored once.
/// </summary>
public sealed partial class VoteIngest(IServiceScopeFactory scopes, DialogueRecompute recompute, ILogger<VoteIngest> logger) : BackgroundService
{
    /// <summary>Votes per transaction (a request's votes are never split, so a batch may exceed this by less than a request).</summary>
    private const int MaxBatch = 500;

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(20_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Per vote, in order: true when stored now, false when this id was stored before.</summary>
    public async Task<bool[]> SubmitAsync(IReadOnlyList<Vote> votes, CancellationToken cancellationToken)
    {
        var pending = new Pending(votes, new TaskCompletionSource<bool[]>(TaskCreationOptions.RunContinuationsAsynchronously));
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
                var votes = 0;
                while (votes < MaxBatch && _queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                    votes += item.Votes.Count;
                }

                await WriteBatchAsync(batch, stoppingToken);
                foreach (var screening in batch.SelectMany(p => p.Votes).Select(v => v.ScreeningId).Distinct())
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
            // Another node stored one of these ids at the same moment: write request by request.
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

    private async Task<bool[][]> WriteAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KinodialogDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var ids = batch.SelectMany(p => p.Votes).Select(v => v.Id).Distinct().ToList();
        var existing = (await db.Votes.Where(v => ids.Contains(v.Id)).Select(v => v.Id).ToListAsync(cancellationToken)).ToHashSet();
        var results = new bool[batch.Count][];
        var added = false;
        for (var i = 0; i < batch.Count; i++)
        {
            var votes = batch[i].Votes;
            results[i] = new bool[votes.Count];
            for (var j = 0; j < votes.Count; j++)
            {
                if (existing.Add(votes[j].Id))
                {
                    results[i][j] = true;
                    db.Votes.Add(votes[j]);
                    added = true;
                }
            }
        }

        if (added)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return results;
    }

    private sealed record Pending(IReadOnlyList<Vote> Votes, TaskCompletionSource<bool[]> Done);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not store a batch of {Count} request(s) of votes")]
    private static partial void LogWriteFailed(ILogger logger, int count, Exception exception);
}
