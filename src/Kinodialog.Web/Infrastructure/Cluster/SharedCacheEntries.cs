using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;

namespace Kinodialog.Web.Infrastructure.Cluster;

/// <summary>
/// Entries of the process's <see cref="IMemoryCache"/> that stand for something any node may change
/// (which questionnaire version is the default): removing one here removes it on every node
/// (topic <c>cache</c> of the <see cref="IClusterBus"/>). After a cut from the other nodes, every shared
/// entry is removed here: a removal may have been missed.
/// </summary>
public sealed class SharedCacheEntries
{
    private const string Topic = "cache";

    /// <summary>Names of the shared entries this process has used (a handful, fixed by the code).</summary>
    private static readonly ConcurrentDictionary<string, byte> Names = new(StringComparer.Ordinal);

    private readonly IMemoryCache _cache;
    private readonly IClusterBus _bus;

    public SharedCacheEntries(IMemoryCache cache, IClusterBus bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        _cache = cache;
        _bus = bus;
        bus.Subscribe(Topic, name => cache.Remove(Key(name)));
        bus.OnReconnected(() =>
        {
            foreach (var name in Names.Keys)
            {
                cache.Remove(Key(name));
            }
        });
    }

    /// <summary>The cache key of a shared entry.</summary>
    public static object Key(string name)
    {
        Names.TryAdd(name, 0);
        return new SharedKey(name);
    }

    /// <summary>Removes the entry here and on every other node.</summary>
    public async Task RemoveAsync(string name)
    {
        _cache.Remove(Key(name));
        await _bus.PublishAsync(Topic, name);
    }

    private sealed record SharedKey(string Name);

    /// <summary>Subscribes when the host starts, so that no removal from another node is missed.</summary>
    public sealed class Starter(SharedCacheEntries entries) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = entries;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
