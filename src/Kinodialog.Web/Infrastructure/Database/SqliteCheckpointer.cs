using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Kinodialog.Data;
using Kinodialog.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Infrastructure.Database;

/// <summary>How the web server checkpoints SQLite's write-ahead log in the background. Section "Database:Checkpoints".</summary>
public sealed class SqliteCheckpointOptions
{
    public const string SectionName = "Database:Checkpoints";

    /// <summary>How often the log is copied into the database file (a passive checkpoint: it never blocks a writer).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Log pages from which each checkpoint also tries to have the log start again from its beginning (RESTART).</summary>
    [Range(1, int.MaxValue)]
    public int RestartPages { get; set; } = 4096;

    /// <summary>After how long without a write the log file is cut back to nothing (TRUNCATE).</summary>
    public TimeSpan TruncateWhenIdleFor { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Checkpoints SQLite's write-ahead log on its own connection, off the commit path, while the web
/// server runs; the app's connections turn SQLite's automatic checkpoints off meanwhile
/// (<see cref="SqliteCheckpointing"/>). Left to SQLite, the <c>COMMIT</c> that crosses 1,000 pages of
/// log copies the log into the database file and syncs it, 10-70 ms during which a whole batch of
/// votes and every request queued behind it waits (bench/votes, "Open: the stalls left").
/// <para>
/// Every <see cref="SqliteCheckpointOptions.Interval"/> a <c>PASSIVE</c> checkpoint copies what was
/// committed since the last one; writers go on meanwhile. A log that is always being appended to is
/// never all copied when the next write begins, so SQLite would never start it again from its
/// beginning: from <see cref="SqliteCheckpointOptions.RestartPages"/> on, a <c>RESTART</c> follows in
/// the checkpointer's turn between two batches of the group-commit writers
/// (<see cref="SqliteCheckpointing.TakeTurnAsync"/>), without waiting for other connections (busy
/// timeout 0): it has only the pages of the last few milliseconds left to copy, and the next write
/// then starts the log again. After <see cref="SqliteCheckpointOptions.TruncateWhenIdleFor"/> without a write, a
/// <c>TRUNCATE</c> cuts the log file back to nothing. On shutdown, after the writers have finished,
/// automatic checkpoints come back and a last checkpoint truncates the log.
/// </para>
/// Only for SQLite; the command-line tools (which do not start hosted services) keep SQLite's
/// automatic checkpoints, so an import cannot let the log grow without bound either.
/// </summary>
public sealed partial class SqliteCheckpointer(
    SqliteCheckpointing checkpointing,
    IOptions<DatabaseOptions> databaseOptions,
    IOptions<StorageOptions> storageOptions,
    IOptions<SqliteCheckpointOptions> options,
    TimeProvider time,
    ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    /// <summary>What one checkpoint found: frames in the log and frames copied into the database file (-1: not a WAL database).</summary>
    public sealed record Outcome(string Mode, bool Busy, int LogFrames, int CheckpointedFrames);

    private readonly SemaphoreSlim _one = new(1, 1);
    private int _lastLogFrames = -1;
    private DateTimeOffset _lastWrite;

    private bool Enabled => databaseOptions.Value.Provider == DatabaseProvider.Sqlite;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (Enabled)
        {
            checkpointing.InBackground = true;
            _lastWrite = time.GetUtcNow();
        }

        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!Enabled)
        {
            return;
        }

        checkpointing.InBackground = false;
        try
        {
            await _one.WaitAsync(cancellationToken);
            try
            {
                await using var connection = await OpenAsync(TimeSpan.FromSeconds(1), cancellationToken);
                if (connection is not null)
                {
                    await CheckpointAsync(connection, "TRUNCATE", cancellationToken);
                }
            }
            finally
            {
                _one.Release();
            }
        }
        catch (ObjectDisposedException)
        {
            // Disposed before it was stopped (a host torn down without stopping, as test hosts are): the
            // log stays as it is and the next open reads it; not worth a warning with a stack trace.
        }
        catch (Exception exception)
        {
            // The log stays as it is; the next open of the database reads it. Never a failed shutdown.
            LogFailed(logger, exception);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.Interval, time, stoppingToken);
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(logger, exception);
            }
        }
    }

    /// <summary>
    /// One round: a passive checkpoint, then a restart (a long log) or a truncation (no write for a
    /// while) when the moment allows it. The last checkpoint's outcome; null when there is no database file yet.
    /// </summary>
    public async Task<Outcome?> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return null;
        }

        await _one.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(TimeSpan.Zero, cancellationToken);
            if (connection is null)
            {
                return null;
            }

            var outcome = await CheckpointAsync(connection, "PASSIVE", cancellationToken);
            if (outcome.LogFrames <= 0)
            {
                _lastLogFrames = outcome.LogFrames;
                return outcome;
            }

            var now = time.GetUtcNow();
            if (outcome.LogFrames != _lastLogFrames)
            {
                _lastLogFrames = outcome.LogFrames;
                _lastWrite = now;
            }

            var all = options.Value;
            var idle = outcome.LogFrames == outcome.CheckpointedFrames && now - _lastWrite >= all.TruncateWhenIdleFor;
            if (idle || outcome.LogFrames >= all.RestartPages)
            {
                // Between two batches (the writers wait meanwhile): what they wrote since the passive
                // checkpoint above is copied, and the next write starts the log again from its beginning.
                using (await checkpointing.TakeTurnAsync(cancellationToken))
                {
                    outcome = await CheckpointAsync(connection, idle ? "TRUNCATE" : "RESTART", cancellationToken);
                }

                if (!outcome.Busy)
                {
                    LogRestarted(logger, outcome.Mode, _lastLogFrames);
                }

                _lastLogFrames = outcome.LogFrames;
            }

            return outcome;
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>A connection of its own (not pooled, busy timeout as given); null when the database file does not exist yet.</summary>
    private async Task<SqliteConnection?> OpenAsync(TimeSpan busyTimeout, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(DatabaseServiceCollectionExtensions.SqliteConnectionString(databaseOptions.Value, storageOptions.Value))
        {
            Pooling = false,
        };
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:" || !File.Exists(builder.DataSource))
        {
            return null;
        }

        if (builder.Mode == SqliteOpenMode.ReadWriteCreate)
        {
            builder.Mode = SqliteOpenMode.ReadWrite;
        }

        var connection = new SqliteConnection(builder.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(int)busyTimeout.TotalMilliseconds};");
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<Outcome> CheckpointAsync(SqliteConnection connection, string mode, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode});";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new Outcome(mode, reader.GetInt32(0) != 0, reader.GetInt32(1), reader.GetInt32(2));
    }

    public override void Dispose()
    {
        _one.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A checkpoint of the SQLite write-ahead log failed; the next one tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SQLite write-ahead log of {Frames} frame(s) checkpointed ({Mode}): it starts again from its beginning")]
    private static partial void LogRestarted(ILogger logger, string mode, int frames);
}
