using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Primitives;

namespace Kinodialog.Web.Features.Screenings;

/// <summary>
/// Tells run-mode screens that a screening changed (someone joined, a stage opened). In-process now;
/// several web nodes will fan this out through Redis behind the same interface.
/// </summary>
public sealed class ScreeningEvents
{
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

    /// <param name="stateChanged">False when only counts moved (answers arrived): caches of the screening stay valid.</param>
    public async Task PublishAsync(Guid screeningId, CancellationToken cancellationToken, bool stateChanged = true)
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
