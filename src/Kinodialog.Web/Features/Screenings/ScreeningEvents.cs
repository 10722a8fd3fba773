using System.Collections.Concurrent;
using System.Threading.Channels;
using Kinodialog.Web.Infrastructure.Cluster;
using Microsoft.Extensions.Primitives;

namespace Kinodialog.Web.Features.Screenings;

/// <summary>
/// Tells run-mode screens, projectors and phones that a screening changed (someone joined, a stage
/// opened, votes were counted), and expires what is cached about it. A change is delivered to this
/// node's listeners and caches at once and, through the <see cref="IClusterBus"/>, to every other
/// node's (Redis pub/sub when there are several nodes): a projector connected to one node sees what
/// happened on another.
/// </summary>
public sealed class ScreeningEvents
{
    private const string Topic = "screening";

    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, Channel<bool>>> _listeners = new();

    /// <summary>Per screening, the source of the token its next change fires (made when first asked for).</summary>
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _changes = new();

    /// <summary>
    /// A token fired by the screening's next state change, before listeners are woken: a cache entry
    /// that depends on the screening expires with it. Taken before reading the database, it also
    /// drops a value read while a change happened.
    /// </summary>
    public IChangeToken ChangeToken(Guid screeningId) =>
        new CancellationChangeToken(_changes.GetOrAdd(screeningId, _ => new CancellationTokenSource()).Token);

    private readonly IClusterBus _bus;

    public ScreeningEvents(IClusterBus bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        _bus = bus;
        bus.Subscribe(Topic, message =>
        {
            // "{screening id} {1|0}": a change from another node, delivered here only.
            var parts = message.Split(' ');
            if (parts.Length == 2 && Guid.TryParse(parts[0], out var id))
            {
                _ = DeliverAsync(id, parts[1] == "1", CancellationToken.None);
            }
        });

        // Back from a cut: any screening may have changed meanwhile, unannounced.
        bus.OnReconnected(() => _ = DeliverToAllAsync());
    }

    /// <summary>Wakes every listener and expires every cached screening of this node (after missed messages).</summary>
    private async Task DeliverToAllAsync()
    {
        foreach (var id in _listeners.Keys.Union(_changes.Keys).ToList())
        {
            await DeliverAsync(id, stateChanged: true, CancellationToken.None);
        }
    }

    /// <param name="stateChanged">False when only counts moved (answers arrived): caches of the screening stay valid.</param>
    public async Task PublishAsync(Guid screeningId, CancellationToken cancellationToken, bool stateChanged = true)
    {
        await DeliverAsync(screeningId, stateChanged, cancellationToken);
        if (_bus.Shared)
        {
            await _bus.PublishAsync(Topic, screeningId.ToString("N") + (stateChanged ? " 1" : " 0"));
        }
    }

    private async Task DeliverAsync(Guid screeningId, bool stateChanged, CancellationToken cancellationToken)
    {
        if (stateChanged)
        {
            // Not disposed: a cache may still be registering on its token; it holds no timer.
            if (_changes.TryRemove(screeningId, out var change))
            {
                await change.CancelAsync();
            }
        }

        if (_listeners.TryGetValue(screeningId, out var listeners))
        {
            foreach (var channel in listeners.Values)
            {
                await channel.Writer.WriteAsync(true, cancellationToken);
            }
        }
    }

    /// <summary>A subscription: read from <see cref="Subscription.Changes"/>; dispose to stop.</summary>
    public Subscription Subscribe(Guid screeningId)
    {
        var channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        var id = Guid.NewGuid();
        _listeners.GetOrAdd(screeningId, _ => new ConcurrentDictionary<Guid, Channel<bool>>())[id] = channel;
        return new Subscription(channel.Reader, () =>
        {
            if (_listeners.TryGetValue(screeningId, out var listeners))
            {
                listeners.TryRemove(id, out _);
            }
        });
    }

    public sealed class Subscription(ChannelReader<bool> changes, Action unsubscribe) : IDisposable
    {
        public ChannelReader<bool> Changes { get; } = changes;

        public void Dispose() => unsubscribe();
    }
}
