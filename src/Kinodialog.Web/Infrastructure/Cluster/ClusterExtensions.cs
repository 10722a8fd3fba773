using System.Globalization;
using Kinodialog.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Kinodialog.Web.Infrastructure.Cluster;

/// <summary>The connection to Redis of a node in cluster mode; null on one node.</summary>
public sealed class ClusterRedis(IConnectionMultiplexer? connection) : IDisposable
{
    public IConnectionMultiplexer? Connection { get; } = connection;

    public void Dispose() => Connection?.Dispose();
}

public static class ClusterExtensions
{
    /// <summary>
    /// One node (no Cluster:Redis): an in-process bus, locks and counters; nothing else changes.
    /// Several nodes: the Redis connection (<see cref="ClusterRedis"/>, also used by the shared request
    /// limits), the Redis bus and counters, PostgreSQL advisory locks, and data-protection keys in the
    /// database, so that a cookie or antiforgery token made by one node is read by every other. Decided
    /// from the options when first asked for (configuration a host adds late counts too).
    /// </summary>
    public static IServiceCollection AddKinodialogCluster(this IServiceCollection services)
    {
        services.AddSingleton<SharedCacheEntries>();
        services.AddHostedService<SharedCacheEntries.Starter>();
        services.AddSingleton(sp =>
        {
            var cluster = sp.GetRequiredService<IOptions<ClusterOptions>>().Value;
            if (!cluster.Enabled)
            {
                return new ClusterRedis(null);
            }

            var redis = ConfigurationOptions.Parse(cluster.Redis!);
            // Start even while Redis is down (it reconnects); what needs it fails until then.
            redis.AbortOnConnectFail = false;
            redis.ClientName = "kinodialog-" + NodeName(cluster);
            return new ClusterRedis(ConnectionMultiplexer.Connect(redis));
        });
        services.AddSingleton<IClusterBus>(sp => sp.GetRequiredService<ClusterRedis>().Connection is { } redis
            ? new RedisClusterBus(redis, NodeName(sp.GetRequiredService<IOptions<ClusterOptions>>().Value), sp.GetRequiredService<ILogger<RedisClusterBus>>())
            : new LocalClusterBus());
        services.AddSingleton<IClusterLocks>(sp => sp.GetRequiredService<IOptions<ClusterOptions>>().Value.Enabled
            ? new PostgresClusterLocks(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString!)
            : new LocalClusterLocks());
        services.AddSingleton<IDecayingCounters>(sp => sp.GetRequiredService<ClusterRedis>().Connection is { } redis
            ? new RedisDecayingCounters(redis, sp.GetRequiredService<TimeProvider>())
            : new MemoryDecayingCounters(sp.GetRequiredService<TimeProvider>()));

        // Several nodes: one key ring, in the database, under one application name.
        services.AddDataProtection();
        services.AddOptions<DataProtectionOptions>().Configure<IOptions<ClusterOptions>>((protection, cluster) =>
        {
            if (cluster.Value.Enabled)
            {
                protection.ApplicationDiscriminator = "Kinodialog";
            }
        });
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<ClusterOptions>, IServiceProvider>((keys, cluster, sp) =>
        {
            if (cluster.Value.Enabled)
            {
                keys.XmlRepository = new EntityFrameworkCoreXmlRepository<KinodialogDbContext>(sp, sp.GetRequiredService<ILoggerFactory>());
            }
        });
        return services;
    }

    private static string NodeName(ClusterOptions cluster) =>
        string.IsNullOrWhiteSpace(cluster.NodeName)
            ? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}")
            : cluster.NodeName.Trim();

    /// <summary>In cluster mode, says which node answered (X-Kinodialog-Node), for operators and the tests of the deployment.</summary>
    public static IApplicationBuilder UseClusterNodeHeader(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var bus = app.ApplicationServices.GetRequiredService<IClusterBus>();
        if (!bus.Shared)
        {
            return app;
        }

        return app.Use((context, next) =>
        {
            context.Response.Headers["X-Kinodialog-Node"] = bus.NodeName;
            return next(context);
        });
    }
}
