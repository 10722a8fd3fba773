using StackExchange.Redis;

namespace Kinodialog.Web.Infrastructure.Cluster;

/// <summary>
/// <see cref="IClusterBus"/> over Redis pub/sub: channel <c>kinodialog:{topic}</c>, each message
/// prefixed with the sending process's id so that a node ignores its own. Messages published while a
/// node is disconnected from Redis are lost to it: when the connection comes back,
/// <see cref="OnReconnected"/> handlers re-read what those messages could have announced (listeners are
/// woken, caches dropped), and the recompute's catch-up counts votes stored meanwhile.
/// </summary>
public sealed partial class RedisClusterBus(IConnectionMultiplexer redis, string nodeName, ILogger<RedisClusterBus> logger) : IClusterBus
{
    private const char Separator = '\n';

    /// <summary>Unique per process (a restarted node is a new sender).</summary>
    private readonly string _sender = Guid.NewGuid().ToString("N");

    public bool Shared => true;

    public string NodeName => nodeName;

    private static RedisChannel Channel(string topic) => RedisChannel.Literal("kinodialog:" + topic);

    public async Task PublishAsync(string topic, string message)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel(topic), _sender + Separator + message);
        }
        catch (RedisException exception)
        {
            // The change is stored; other nodes see it when their caches expire. Never fail the request for it.
            LogPublishFailed(logger, topic, exception);
        }
    }

    public void Subscribe(string topic, Action<string> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        redis.GetSubscriber().Subscribe(Channel(topic)).OnMessage(message =>
        {
            var text = (string?)message.Message;
            var cut = text?.IndexOf(Separator, StringComparison.Ordinal) ?? -1;
            if (text is null || cut < 0 || text.AsSpan(0, cut).SequenceEqual(_sender))
            {
                return;
            }

            try
            {
                handler(text[(cut + 1)..]);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                LogHandlerFailed(logger, topic, exception);
            }
        });
    }

    public void OnReconnected(Action handler)
    {
        ArgumentNullException.ThrowIfNull(handler);

        // Any of the node's connections to Redis (the subscription's shares the interactive one with
        // RESP3): an extra wake-up costs a re-read, a missed one a stale projector.
        redis.ConnectionRestored += (_, restored) =>
        {
            LogReconnected(logger, restored.ConnectionType);
            try
            {
                handler();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                LogResyncFailed(logger, exception);
            }
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection to Redis ({ConnectionType}) restored: re-reading what messages missed meanwhile could have changed")]
    private static partial void LogReconnected(ILogger logger, ConnectionType connectionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Re-reading after a Redis reconnection failed")]
    private static partial void LogResyncFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the other nodes on topic {Topic} (Redis)")]
    private static partial void LogPublishFailed(ILogger logger, string topic, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A message from another node on topic {Topic} could not be handled")]
    private static partial void LogHandlerFailed(ILogger logger, string topic, Exception exception);
}
