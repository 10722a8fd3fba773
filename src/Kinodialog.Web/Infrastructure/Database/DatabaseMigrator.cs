using Kinodialog.Core.Accounts;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Infrastructure.Database;

/// <summary>
/// Brings the database to the current schema: applies migrations, switches SQLite to WAL and
/// makes sure the staff roles exist. An explicit step (CLI `migrate`), never a side effect of serving.
/// </summary>
public sealed partial class DatabaseMigrator(
    KinodialogDbContext db,
    RoleManager<StaffRole> roles,
    IEnumerable<IDatabaseSeed> seeds,
    IOptions<DatabaseOptions> databaseOptions,
    IOptions<StorageOptions> storageOptions,
    ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (databaseOptions.Value.Provider == DatabaseProvider.Sqlite)
        {
            PrepareSqliteDirectory();
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(logger, databaseOptions.Value.Provider, pending);

        if (databaseOptions.Value.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers proceed while one short write transaction commits; it is persistent.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        foreach (var role in StaffRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                var result = await roles.CreateAsync(new StaffRole(role));
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"Could not create role {role}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
                }
            }
        }

        foreach (var seed in seeds)
        {
            await seed.EnsureAsync(cancellationToken);
        }
    }

    private void PrepareSqliteDirectory()
    {
        var connectionString = db.Database.GetConnectionString();
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:")
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        Directory.CreateDirectory(storageOptions.Value.FullMediaPath);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ({Provider}) migrated; {AppliedCount} migration(s) applied")]
    private static partial void LogMigrated(ILogger logger, DatabaseProvider provider, int appliedCount);
}
