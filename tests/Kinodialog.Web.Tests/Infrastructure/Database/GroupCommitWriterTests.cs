using System.Collections.Concurrent;
using Kinodialog.Web.Infrastructure.Database;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kinodialog.Web.Tests.Infrastructure.Database;

public sealed class GroupCommitWriterTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>A persist delegate that records its batches and holds each one until released.</summary>
    private sealed class Store
    {
        private readonly ConcurrentQueue<TaskCompletionSource> _gates = new();

        public ConcurrentQueue<IReadOnlyList<int>> Batches { get; } = new();

        public SemaphoreSlim Entered { get; } = new(0);

        /// <summary>When set, a batch holding this item fails with this exception.</summary>
        public Func<IReadOnlyList<int>, Exception?> Fail { get; set; } = _ => null;

        public bool Hold { get; set; }

        public async Task<IReadOnlyList<string>> PersistAsync(IReadOnlyList<int> items, CancellationToken cancellationToken)
        {
            Batches.Enqueue([.. items]);
            Entered.Release();
            if (Hold)
            {
                var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _gates.Enqueue(gate);
                await gate.Task;
            }

            if (Fail(items) is { } failure)
            {
                throw failure;
            }

            return [.. items.Select(i => "stored " + i)];
        }

        public void ReleaseAll()
        {
            Hold = false;
            while (_gates.TryDequeue(out var gate))
            {
                gate.TrySetResult();
            }
        }
    }

    /// <summary>The batches written, in order: "[0] [1,2,3]".</summary>
    private static string Shape(Store store) => string.Join(" ", store.Batches.Select(b => "[" + string.Join(",", b) + "]"));

    private static GroupCommitWriter<int, string> Writer(Store store, int maxBatch, Func<int, int>? weight = null,
        Func<Exception, bool>? retryOneByOne = null, Func<IReadOnlyList<int>, IReadOnlyList<string>, CancellationToken, Task>? committed = null) =>
        new(store.PersistAsync, maxBatch, NullLogger.Instance, "numbers", weight, retryOneByOne, committed);

    [Fact]
    public async Task Items_queued_while_a_batch_is_written_go_together_into_bounded_batches_and_each_gets_its_own_result()
    {
        var store = new Store { Hold = true };
        var writer = Writer(store, maxBatch: 3);
        using var stop = new CancellationTokenSource();
        var loop = writer.RunAsync(stop.Token);
        var first = writer.SubmitAsync(0, CancellationToken.None);
        Assert.True(await store.Entered.WaitAsync(Patience));

        // While the first batch is being written, seven more arrive: they wait, then go in batches of three.
        var more = Enumerable.Range(1, 7).Select(i => writer.SubmitAsync(i, CancellationToken.None)).ToList();
        Assert.DoesNotContain(more, t => t.IsCompleted);
        store.ReleaseAll();
        Assert.Equal("stored 0", await first.WaitAsync(Patience));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => "stored " + i), await Task.WhenAll(more).WaitAsync(Patience));

        Assert.Equal("[0] [1,2,3] [4,5,6] [7]", Shape(store));
        await stop.CancelAsync();
        await loop.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_batch_closes_at_its_weight_but_never_splits_an_item()
    {
        var store = new Store { Hold = true };
        var writer = Writer(store, maxBatch: 5, weight: i => i);
        using var stop = new CancellationTokenSource();
        var loop = writer.RunAsync(stop.Token);
        var first = writer.SubmitAsync(1, CancellationToken.None);
        Assert.True(await store.Entered.WaitAsync(Patience));
        int[] weights = [4, 3, 2, 9];
        var more = weights.Select(i => writer.SubmitAsync(i, CancellationToken.None)).ToList();
        store.ReleaseAll();
        await Task.WhenAll([first, .. more]).WaitAsync(Patience);

        // 4 + 3 = 7 passes the weight of 5 by less than one item; then 2 + 9.
        Assert.Equal("[1] [4,3] [2,9]", Shape(store));
        await stop.CancelAsync();
        await loop.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_failed_batch_fails_every_request_waiting_for_it_and_the_next_batch_is_written()
    {
        var store = new Store { Hold = true };
        var failure = new InvalidOperationException("disk full");
        store.Fail = items => items.Contains(2) ? failure : null;
        var committed = new ConcurrentQueue<int>();
        var writer = Writer(store, maxBatch: 10, committed: (items, _, _) =>
        {
            foreach (var item in items)
            {
                committed.Enqueue(item);
            }

            return Task.CompletedTask;
        });
        using var stop = new CancellationTokenSource();
        var loop = writer.RunAsync(stop.Token);
        var first = writer.SubmitAsync(0, CancellationToken.None);
        Assert.True(await store.Entered.WaitAsync(Patience));
        int[] items = [1, 2, 3];
        var failed = items.Select(i => writer.SubmitAsync(i, CancellationToken.None)).ToList();
        store.ReleaseAll();
        Assert.Equal("stored 0", await first.WaitAsync(Patience));
        foreach (var request in failed)
        {
            Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => request.WaitAsync(Patience)));
        }

        // Nothing is published for the failed batch, and the writer goes on.
        Assert.Equal("stored 4", await writer.SubmitAsync(4, CancellationToken.None).WaitAsync(Patience));
        Assert.Equal("0 4", string.Join(" ", committed));
        await stop.CancelAsync();
        await loop.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_batch_failing_on_one_item_is_written_item_by_item_when_the_failure_allows_it()
    {
        var store = new Store { Hold = true };
        var failure = new TimeoutException("item 2 cannot be stored");
        store.Fail = items => items.Contains(2) ? failure : null;
        var writer = Writer(store, maxBatch: 10, retryOneByOne: e => e is TimeoutException);
        using var stop = new CancellationTokenSource();
        var loop = writer.RunAsync(stop.Token);
        var first = writer.SubmitAsync(0, CancellationToken.None);
        Assert.True(await store.Entered.WaitAsync(Patience));
        int[] items = [1, 2, 3];
        var requests = items.Select(i => writer.SubmitAsync(i, CancellationToken.None)).ToList();
        store.ReleaseAll();
        await first.WaitAsync(Patience);

        Assert.Equal("stored 1", await requests[0].WaitAsync(Patience));
        Assert.Same(failure, await Assert.ThrowsAsync<TimeoutException>(() => requests[1].WaitAsync(Patience)));
        Assert.Equal("stored 3", await requests[2].WaitAsync(Patience));
        Assert.Equal("[0] [1,2,3] [1] [2] [3]", Shape(store));
        await stop.CancelAsync();
        await loop.WaitAsync(Patience);
    }

    [Fact]
    public async Task Shutdown_writes_what_was_queued_and_then_takes_nothing_more()
    {
        var store = new Store { Hold = true };
        var writer = Writer(store, maxBatch: 2);
        using var stop = new CancellationTokenSource();
        var loop = writer.RunAsync(stop.Token);
        var first = writer.SubmitAsync(0, CancellationToken.None);
        Assert.True(await store.Entered.WaitAsync(Patience));
        var queued = Enumerable.Range(1, 5).Select(i => writer.SubmitAsync(i, CancellationToken.None)).ToList();

        // The host stops while a batch is being written and five items wait.
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.SubmitAsync(99, CancellationToken.None));
        Assert.False(loop.IsCompleted);
        store.ReleaseAll();
        await loop.WaitAsync(Patience);

        Assert.Equal("stored 0", await first);
        Assert.Equal(Enumerable.Range(1, 5).Select(i => "stored " + i), await Task.WhenAll(queued));
        Assert.Equal("[0] [1,2] [3,4] [5]", Shape(store));
    }

    [Fact]
    public async Task A_caller_that_gives_up_stops_waiting_but_its_item_is_still_written()
    {
        var store = new Store { Hold = true };
        var writer = Writer(store, maxBatch: 10);
        using var stop = new CancellationTokenSource();
        var loop = writer.RunAsync(stop.Token);
        using var impatient = new CancellationTokenSource();
        var request = writer.SubmitAsync(1, impatient.Token);
        Assert.True(await store.Entered.WaitAsync(Patience));
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        store.ReleaseAll();
        Assert.Equal("stored 2", await writer.SubmitAsync(2, CancellationToken.None).WaitAsync(Patience));
        Assert.Equal("[1] [2]", Shape(store));
        await stop.CancelAsync();
        await loop.WaitAsync(Patience);
    }
}
