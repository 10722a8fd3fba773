using Kinodialog.Data;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Infrastructure.Cluster;

/// <summary>
/// Several identical web nodes behind a load balancer (issue 17). Section "Cluster". With no
/// <see cref="Redis"/> the process is the only node and everything stays in its memory, exactly as
/// on one machine; with it, the nodes share what one process used to keep to itself: change
/// notifications and cache invalidation (Redis pub/sub), request limits and the join limiter
/// (Redis), data-protection keys (the database) and one worker per job (PostgreSQL advisory locks).
/// </summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Cluster";

    /// <summary>A StackExchange.Redis configuration string, e.g. "127.0.0.1:6390" or "redis1:6379,password=…"; none = one node.</summary>
    public string? Redis { get; set; }

    /// <summary>This node's name in logs and in the <c>X-Kinodialog-Node</c> response header (default: the machine's name and process id).</summary>
    public string? NodeName { get; set; }

    /// <summary>Whether this process is one of several nodes.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Redis);

    public const string SqliteRefused =
        "Several nodes (Cluster:Redis is set) need a database every node reaches: set Database:Provider=Postgres " +
        "and Database:ConnectionString, or remove Cluster:Redis to run as one node on SQLite.";

    public const string FieldRefused = "A field laptop (Field:Enabled=true) is one node: remove Cluster:Redis.";

    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClusterOptions>()
            .Bind(configuration.GetSection(SectionName))
            .Validate<IOptions<DatabaseOptions>>((cluster, database) => !cluster.Enabled || database.Value.Provider == DatabaseProvider.Postgres, SqliteRefused)
            .Validate<IOptions<FieldModeOptions>>((cluster, field) => !cluster.Enabled || !field.Value.Enabled, FieldRefused)
            .ValidateOnStart();
    }
}
