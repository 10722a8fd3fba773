namespace Kinodialog.Web.Infrastructure.Cluster;

/// <summary>
/// Messages to the other nodes (never back to this one). On one node there are no others: publishing
/// does nothing and nothing ever arrives. Delivery is at most once (Redis pub/sub): use it to wake
/// and invalidate, never to carry data that exists nowhere else.
/// </summary>
public interface IClusterBus
{
    /// <summary>Whether other nodes may exist (cluster mode).</summary>
    bool Shared { get; }

    /// <summary>This node's name.</summary>
    string NodeName { get; }

    /// <summary>Sends a message on a topic to every other node.</summary>
    Task PublishAsync(string topic, string message);

    /// <summary>Calls <paramref name="handler"/> with every message another node publishes on the topic.</summary>
    void Subscribe(string topic, Action<string> handler);

    /// <summary>
    /// Calls <paramref name="handler"/> whenever this node's connection to the others comes back after a
    /// cut: messages sent meanwhile are lost, so re-read whatever they could have announced.
    /// </summary>
    void OnReconnected(Action handler);
}

/// <summary>One node: nobody to tell.</summary>
public sealed class LocalClusterBus : IClusterBus
{
    public bool Shared => false;

    public string NodeName { get; } = Environment.MachineName;

    public Task PublishAsync(string topic, string message) => Task.CompletedTask;

    public void Subscribe(string topic, Action<string> handler)
    {
    }

    public void OnReconnected(Action handler)
    {
    }
}
