using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Kinodialog.Web.Features.Screenings;

/// <summary>
/// Tells run-mode screens that a screening changed (someone joined, a stage opened). In-process now;
/// several web nodes will fan this out through Redis behind the same interface.
/// </summary>
public sealed class ScreeningEvents
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, Channel<bool>>> _listeners = new();

    /// <summary>Raised for every change, before listeners are woken (caches drop what they hold).</summary>
    public event Action<Guid>? Changed;

    /// <param name="stateChanged">False when only counts moved (answers arrived): caches of the screening stay valid.</param>
    public async Task PublishAsync(Guid screeningId, CancellationToken cancellationToken, bool stateChanged = true)
    {
        if (stateChanged)
        {
            Changed?.Invoke(screeningId);
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
