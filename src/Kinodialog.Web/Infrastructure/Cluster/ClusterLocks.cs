using System.Collections.Concurrent;
using Medallion.Threading.Postgres;

namespace Kinodialog.Web.Infrastructure.Cluster;

/// <summary>
/// Named locks that make a job run on one node at a time (a screening's recompute, an encoding job).
/// On one node: in-process semaphores. On several: PostgreSQL session advisory locks, held on a
/// connection of their own, so a node that dies (its connection closes) releases its locks at once
/// and another node can take the job over.
/// </summary>
public interface IClusterLocks
{
    /// <summary>Waits for the lock; dispose the handle to release it.</summary>
    Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken);

    /// <summary>The lock if nobody holds it now, else null.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken);
}

/// <summary>One node: a semaphore per name, dropped when nobody holds or waits for it.</summary>
public sealed class LocalClusterLocks : IClusterLocks
{
    private readonly ConcurrentDictionary<string, Entry> _locks = new(StringComparer.Ordinal);

    public async Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken)
    {
        var entry = Enter(name);
        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(name, entry);
            throw;
        }

        return new Handle(this, name, entry);
    }

    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        var entry = Enter(name);
        if (await entry.Semaphore.WaitAsync(0, cancellationToken))
        {
            return new Handle(this, name, entry);
        }

        Leave(name, entry);
        return null;
    }

    private Entry Enter(string name)
    {
        while (true)
        {
            var entry = _locks.GetOrAdd(name, _ => new Entry());
            lock (entry)
            {
                if (!entry.Removed)
                {
                    entry.Users++;
                    return entry;
                }
            }
        }
    }

    private void Leave(string name, Entry entry)
    {
        lock (entry)
        {
            if (--entry.Users == 0)
            {
                entry.Removed = true;
                _locks.TryRemove(new KeyValuePair<string, Entry>(name, entry));
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }

        public bool Removed { get; set; }
    }

    private sealed class Handle(LocalClusterLocks owner, string name, Entry entry) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                entry.Semaphore.Release();
                owner.Leave(name, entry);
            }

            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Several nodes: PostgreSQL advisory locks (DistributedLock.Postgres), the name hashed to the lock's key.</summary>
public sealed class PostgresClusterLocks(string connectionString) : IClusterLocks
{
    private PostgresDistributedLock Lock(string name) => new(new PostgresAdvisoryLockKey("kinodialog:" + name, allowHashing: true), connectionString);

    public async Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken) =>
        await Lock(name).AcquireAsync(cancellationToken: cancellationToken);

    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken) =>
        await Lock(name).TryAcquireAsync(cancellationToken: cancellationToken);
}
