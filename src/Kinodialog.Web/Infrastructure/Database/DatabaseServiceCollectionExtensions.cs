using Kinodialog.Data;
using Kinodialog.Data.Postgres;
using Kinodialog.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Infrastructure.Database;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>Registers the DbContext for the configured provider, the migrator and the health check.</summary>
    public static IServiceCollection AddKinodialogDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(
                o => o.Provider != DatabaseProvider.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Database:ConnectionString is required when Database:Provider is Postgres.")
            .ValidateOnStart();
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        FieldModeOptions.Add(services, configuration);
        services.AddOptions<SqliteCheckpointOptions>()
            .Bind(configuration.GetSection(SqliteCheckpointOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.Interval > TimeSpan.Zero && o.TruncateWhenIdleFor >= TimeSpan.Zero, "Database:Checkpoints:Interval must be positive, TruncateWhenIdleFor not negative.")
            .ValidateOnStart();

        // SQLite: the web server checkpoints the write-ahead log in the background (not inside a
        // commit); the command-line tools start no hosted services and keep SQLite's automatic checkpoints.
        services.AddSingleton<SqliteCheckpointing>();
        services.AddSingleton<SqliteCheckpointer>();
        services.AddHostedService(sp => sp.GetRequiredService<SqliteCheckpointer>());

        // The options are built once (singleton) instead of once per request scope: building them
        // runs the whole UseSqlite/UseNpgsql configuration, which cost about 8 % of the server's CPU
        // on the answer ingest path (bench/ingest), more than that request's own cached lookups.
        // They depend only on configuration, so every scope can share them.
        services.AddDbContext<KinodialogDbContext>(optionsLifetime: ServiceLifetime.Singleton, optionsAction: (sp, options) =>
        {
            var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            switch (database.Provider)
            {
                case DatabaseProvider.Postgres:
                    PostgresDatabase.Configure(options, database.ConnectionString!, database.CommandTimeoutSeconds);
                    break;
                default:
                    SqliteDatabase.Configure(options, SqliteConnectionString(database, storage), database.CommandTimeoutSeconds, sp.GetRequiredService<SqliteCheckpointing>());
                    break;
            }

            // Features add rules to every save (e.g. a screening on a field laptop is read-only centrally).
            options.AddInterceptors(sp.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.ISaveChangesInterceptor>());
        });

        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<DatabaseBackup>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return services;
    }

    internal static string SqliteConnectionString(DatabaseOptions database, StorageOptions storage)
    {
        if (!string.IsNullOrWhiteSpace(database.ConnectionString))
        {
            return database.ConnectionString;
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(storage.FullDataPath, "kinodialog.db"),
            Cache = SqliteCacheMode.Default,
            Pooling = true,
        };
        return builder.ToString();
    }
}
