using Kinodialog.Web.Tests.Infrastructure;

namespace Kinodialog.Web.Tests.Cluster;

/// <summary>
/// Two web nodes in cluster mode, in this test process: two applications over one PostgreSQL
/// database and one media folder, sharing a Redis server (Cluster:Redis), each with its own memory,
/// caches, limiters and background workers, exactly as two processes behind nginx would.
/// </summary>
public sealed class TwoNodes : IAsyncLifetime
{
    private RedisServer? _redis;

    public PostgresFactory A { get; private set; } = null!;

    public PostgresFactory B { get; private set; } = null!;

    public RedisServer Redis => _redis ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        var data = Path.Combine(Path.GetTempPath(), "kinodialog-tests", Guid.NewGuid().ToString("N"));
        A = new PostgresFactory { DataDirectory = data, Settings = Node("a") };
        await ((IAsyncLifetime)A).InitializeAsync();
        B = new PostgresFactory { DataDirectory = data, DatabaseName = A.DatabaseName, DatabaseExists = true, KeepData = true, Settings = Node("b") };
        await ((IAsyncLifetime)B).InitializeAsync();
    }

    private Dictionary<string, string?> Node(string name) => new()
    {
        ["Cluster:Redis"] = Redis.Configuration,
        ["Cluster:NodeName"] = name,
    };

    public async Task DisposeAsync()
    {
        // B keeps the data; A drops the database and the folder.
        await ((IAsyncLifetime)B).DisposeAsync();
        await ((IAsyncLifetime)A).DisposeAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
