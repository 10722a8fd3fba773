using System.Threading.Channels;
using Kinodialog.Data.Sqlite;

namespace Kinodialog.Web.Infrastructure.Database;

/// <summary>
/// Group commit: requests queue their items and wait; one loop (<see cref="RunAsync"/>) takes what
/// is queued, up to a bounded batch, and stores it with one call of the persist delegate (one
/// transaction), then completes each request with its own result. A request is answered only
/// after the batch holding its item has committed. When a batch fails with an error that
/// <c>retryOneByOne</c> accepts (one item cannot be stored, say its screening was deleted), its
/// items are written one by one so the others do not fail with it; any other failure is given to
/// every request of the batch. On shutdown the queue takes nothing more, and what it holds is
/// still written before the loop ends.
/// </summary>
public sealed class GroupCommitWriter<TItem, TResult>
{
    private readonly Channel<Pending> _queue;
    private readonly Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> _persist;
    private readonly int _maxBatch;
    private readonly Func<TItem, int> _weight;
    private readonly Func<Exception, bool> _retryOneByOne;
    private readonly Func<IReadOnlyList<TItem>, IReadOnlyList<TResult>, CancellationToken, Task> _committed;
    private readonly ILogger _logger;
    private readonly string _what;
    private readonly SqliteCheckpointing? _checkpointing;

    /// <param name="persist">Stores a batch in one transaction; returns one result per item, in order.</param>
    /// <param name="maxBatch">The weight at which a batch is closed (an item is never split, so a batch may exceed it by less than one item).</param>
    /// <param name="logger">Where a failed batch is logged, as "Could not store a batch of {Count} {What}".</param>
    /// <param name="what">What an item is, for the log (e.g. "request(s) of votes").</param>
    /// <param name="weight">An item's weight toward <paramref name="maxBatch"/> (1 when not given).</param>
    /// <param name="retryOneByOne">Which failures of a batch of several items are retried item by item.</param>
    /// <param name="committed">Runs after a batch committed and its requests were answered (e.g. to publish a change).</param>
    /// <param name="capacity">Items the queue holds before a new request waits for room.</param>
    /// <param name="checkpointing">With SQLite: each batch takes its turn with the background checkpointer (<see cref="SqliteCheckpointing.TakeTurnAsync"/>).</param>
    public GroupCommitWriter(
        Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> persist,
        int maxBatch,
        ILogger logger,
        string what,
        Func<TItem, int>? weight = null,
        Func<Exception, bool>? retryOneByOne = null,
        Func<IReadOnlyList<TItem>, IReadOnlyList<TResult>, CancellationToken, Task>? committed = null,
        int capacity = 20_000,
        SqliteCheckpointing? checkpointing = null)
    {
        ArgumentNullException.ThrowIfNull(persist);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _persist = persist;
        _maxBatch = maxBatch;
        _logger = logger;
        _what = what;
        _checkpointing = checkpointing;
        _weight = weight ?? (_ => 1);
        _retryOneByOne = retryOneByOne ?? (_ => false);
        _committed = committed ?? ((_, _, _) => Task.CompletedTask);
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Queues the item and waits until the batch holding it has committed; its result.</summary>
    /// <exception cref="OperationCanceledException">The writer has stopped taking items (shutdown), or the caller gave up.</exception>
    public async Task<TResult> SubmitAsync(TItem item, CancellationToken cancellationToken)
    {
        var pending = new Pending(item, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken);
        }
        catch (ChannelClosedException closed)
        {
            throw new OperationCanceledException("The writer is shutting down.", closed);
        }

        return await pending.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Writes batches until <paramref name="stoppingToken"/> is cancelled; then takes no more items,
    /// writes the ones queued (a batch being written is finished, not abandoned) and returns.
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var stop = stoppingToken.Register(() => _queue.Writer.TryComplete());
        var batch = new List<Pending>();
        try
        {
            // Until the queue is closed and empty: what was accepted is written, even on shutdown.
            while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
            {
                var weight = 0;
                while (weight < _maxBatch && _queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                    weight += _weight(item.Item);
                }

                await WriteAsync(batch);
                batch.Clear();
            }
        }
        finally
        {
            // Only reached with items left when the loop itself failed: nobody is left waiting.
            _queue.Writer.TryComplete();
            foreach (var item in batch)
            {
                item.Done.TrySetCanceled(CancellationToken.None);
            }

            while (_queue.Reader.TryRead(out var left))
            {
                left.Done.TrySetCanceled(CancellationToken.None);
            }
        }
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        var items = batch.ConvertAll(p => p.Item);
        IReadOnlyList<TResult> results;
        try
        {
            var turn = _checkpointing is null ? default : await _checkpointing.TakeTurnAsync(CancellationToken.None);
            using (turn)
            {
                results = await _persist(items, CancellationToken.None);
            }

            if (results.Count != batch.Count)
            {
                throw new InvalidOperationException($"The batch of {batch.Count} item(s) gave {results.Count} result(s).");
            }
        }
        catch (Exception exception) when (batch.Count > 1 && _retryOneByOne(exception))
        {
            foreach (var item in batch)
            {
                await WriteAsync([item]);
            }

            return;
        }
        catch (Exception exception)
        {
            GroupCommitLog.WriteFailed(_logger, batch.Count, _what, exception);
            foreach (var item in batch)
            {
                item.Done.TrySetException(exception);
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Done.TrySetResult(results[i]);
        }

        try
        {
            await _committed(items, results, CancellationToken.None);
        }
        catch (Exception exception)
        {
            GroupCommitLog.AfterCommitFailed(_logger, batch.Count, _what, exception);
        }
    }

    private sealed record Pending(TItem Item, TaskCompletionSource<TResult> Done);
}

internal static partial class GroupCommitLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Could not store a batch of {Count} {What}")]
    public static partial void WriteFailed(ILogger logger, int count, string what, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of {Count} {What} was stored, but what follows the commit failed")]
    public static partial void AfterCommitFailed(ILogger logger, int count, string what, Exception exception);
}
