using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Kinodialog.Data.Sqlite;

public static class SqliteDatabase
{
    /// <summary>How long SQLite itself waits for another connection's write lock before a statement gives up.</summary>
    public const int BusyTimeoutMilliseconds = 10_000;

    /// <summary>SQLite's own automatic checkpoint mark (pages of write-ahead log), used while no background checkpointer runs.</summary>
    public const int AutomaticCheckpointPages = 1000;

    /// <param name="checkpoints">
    /// Whether a background checkpointer runs (<see cref="SqliteCheckpointing.InBackground"/>): then the
    /// connections opened here leave the write-ahead log to it. Without it, SQLite's automatic checkpoints.
    /// </param>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString, int commandTimeoutSeconds = 30, SqliteCheckpointing? checkpoints = null) =>
        options.UseSqlite(connectionString, sqlite => sqlite
            .MigrationsAssembly(MigrationsAssemblies.Sqlite)
            .CommandTimeout(commandTimeoutSeconds))
            .AddInterceptors(new ConnectionSetup(checkpoints ?? new SqliteCheckpointing()));

    /// <summary>
    /// Sets SQLite's busy timeout on every connection opened. Without it a statement that meets
    /// another connection's write lock fails at once with SQLITE_BUSY, and Microsoft.Data.Sqlite
    /// retries it only after sleeping 150 ms: a recompute saving its state while the vote writer
    /// works (or the other way round) then stalls every vote waiting behind it for 150 ms or more.
    /// SQLite's own busy handler retries within a few milliseconds of the lock being released.
    /// Also sets the automatic checkpoint mark: 0 (none) while a background checkpointer runs, so
    /// that no <c>COMMIT</c> copies the write-ahead log into the database file (10-70 ms, for a
    /// whole batch of votes waiting on it); else SQLite's default.
    /// </summary>
    private sealed class ConnectionSetup(SqliteCheckpointing checkpoints) : DbConnectionInterceptor
    {
        private static readonly string Automatic = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA wal_autocheckpoint = {AutomaticCheckpointPages};");

        private static readonly string Background = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA wal_autocheckpoint = 0;");

        private string Pragmas => checkpoints.InBackground ? Background : Automatic;

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            ArgumentNullException.ThrowIfNull(connection);
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(connection);
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = Pragmas;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

/// <summary>
/// Who checkpoints the SQLite write-ahead log: SQLite inside the <c>COMMIT</c> that crosses
/// <see cref="SqliteDatabase.AutomaticCheckpointPages"/> (the default: command-line tools, imports),
/// or a background checkpointer on its own connection (the web server), which sets
/// <see cref="InBackground"/> while it runs. Read at every connection open.
/// <para>
/// The batch writers and the checkpointer take turns (<see cref="TakeTurnAsync"/>): a log that is
/// written to without a pause is never all copied when the next write begins, so SQLite never starts
/// it again from its beginning and it grows without bound; in its turn, between two batches, the
/// checkpointer copies the last few pages and lets the next write start the log again.
/// </para>
/// </summary>
public sealed class SqliteCheckpointing : IDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private volatile bool _inBackground;

    public bool InBackground
    {
        get => _inBackground;
        set => _inBackground = value;
    }

    /// <summary>
    /// Waits for the turn to write a batch (or to restart the log) while the background checkpointer
    /// runs; at once otherwise. Dispose the result to give the turn back.
    /// </summary>
    public async ValueTask<Turn> TakeTurnAsync(CancellationToken cancellationToken)
    {
        if (!InBackground)
        {
            return default;
        }

        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Turn(_turn);
    }

    public void Dispose() => _turn.Dispose();

    /// <summary>A turn taken (or none, when no background checkpointer ran); disposing it gives it back.</summary>
    public readonly struct Turn(SemaphoreSlim? held) : IDisposable
    {
        public void Dispose() => held?.Release();
    }
}
