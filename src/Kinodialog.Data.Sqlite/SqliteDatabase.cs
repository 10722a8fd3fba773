using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Kinodialog.Data.Sqlite;

public static class SqliteDatabase
{
    /// <summary>How long SQLite itself waits for another connection's write lock before a statement gives up.</summary>
    public const int BusyTimeoutMilliseconds = 10_000;

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString, int commandTimeoutSeconds = 30) =>
        options.UseSqlite(connectionString, sqlite => sqlite
            .MigrationsAssembly(MigrationsAssemblies.Sqlite)
            .CommandTimeout(commandTimeoutSeconds))
            .AddInterceptors(BusyTimeout.Instance);

    /// <summary>
    /// Sets SQLite's busy timeout on every connection opened. Without it a statement that meets
    /// another connection's write lock fails at once with SQLITE_BUSY, and Microsoft.Data.Sqlite
    /// retries it only after sleeping 150 ms: a recompute saving its state while the vote writer
    /// works (or the other way round) then stalls every vote waiting behind it for 150 ms or more.
    /// SQLite's own busy handler retries within a few milliseconds of the lock being released.
    /// </summary>
    private sealed class BusyTimeout : DbConnectionInterceptor
    {
        public static readonly BusyTimeout Instance = new();

        private static readonly string Pragma = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};");

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            ArgumentNullException.ThrowIfNull(connection);
            using var command = connection.CreateCommand();
            command.CommandText = Pragma;
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(connection);
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = Pragma;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
