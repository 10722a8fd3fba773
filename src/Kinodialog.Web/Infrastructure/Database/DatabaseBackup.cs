using System.Diagnostics;
using Kinodialog.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Kinodialog.Web.Infrastructure.Database;

/// <summary>
/// Backs the database up to one file and restores it. SQLite: the online backup API (a consistent copy
/// while the server runs; the file is a SQLite database). PostgreSQL: <c>pg_dump --format=custom</c> and
/// <c>pg_restore</c> (Debian's postgresql-client), arguments as a list and the password in PGPASSWORD,
/// never on the command line.
/// </summary>
public sealed class DatabaseBackup(KinodialogDbContext db, IOptions<DatabaseOptions> options)
{
    public sealed record Outcome(bool Succeeded, string Message);

    private static readonly HashSet<string> FilledByMigrate = new(StringComparer.Ordinal) { "AspNetRoles", "Questionnaires", "QuestionnaireVersions" };

    private DatabaseProvider Provider => options.Value.Provider;

    /// <summary>The configured connection string (for PostgreSQL with its password; the one of an open connection may lack it).</summary>
    private string ConnectionString => Provider == DatabaseProvider.Postgres ? options.Value.ConnectionString! : db.Database.GetConnectionString()!;

    public async Task<Outcome> BackupAsync(string file, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var partial = full + ".partial";
        File.Delete(partial);
        if (Provider == DatabaseProvider.Postgres)
        {
            var dump = await RunAsync("pg_dump", ["--format=custom", "--no-owner", $"--file={partial}"], cancellationToken);
            if (dump is not null)
            {
                File.Delete(partial);
                return new Outcome(false, dump);
            }
        }
        else
        {
            await using var source = new SqliteConnection(ConnectionString);
            await source.OpenAsync(cancellationToken);
            await using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
            {
                await target.OpenAsync(cancellationToken);
                source.BackupDatabase(target);
            }
        }

        File.Move(partial, full, overwrite: true);
        return new Outcome(true, $"Backup written to {full}.");
    }

    /// <summary>Restores <paramref name="file"/>; refuses when the database holds data, unless <paramref name="force"/>.</summary>
    public async Task<Outcome> RestoreAsync(string file, bool force, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(file);
        if (!File.Exists(full))
        {
            return new Outcome(false, $"{full}: no such file.");
        }

        if (!force && await HoldsDataAsync(cancellationToken))
        {
            return new Outcome(false, "The database is not empty; nothing was restored. Run restore with --force to replace its contents.");
        }

        if (Provider == DatabaseProvider.Postgres)
        {
            NpgsqlConnection.ClearAllPools();
            var restore = await RunAsync("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", full], cancellationToken);
            NpgsqlConnection.ClearAllPools();
            if (restore is not null)
            {
                return new Outcome(false, restore);
            }
        }
        else
        {
            SqliteConnection.ClearAllPools();
            await using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false }.ToString());
            await source.OpenAsync(cancellationToken);
            await using var target = new SqliteConnection(ConnectionString);
            await target.OpenAsync(cancellationToken);
            source.BackupDatabase(target);
            SqliteConnection.ClearAllPools();
        }

        return new Outcome(true, $"Database restored from {full}.");
    }

    /// <summary>
    /// True when any table of the model holds a row, except what <c>migrate</c> puts into an empty
    /// instance (the staff roles, the default questionnaire).
    /// </summary>
    public async Task<bool> HoldsDataAsync(CancellationToken cancellationToken)
    {
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>()
            .Where(t => !FilledByMigrate.Contains(t)).Distinct(StringComparer.Ordinal).ToList();
        var existing = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any();
        if (!existing)
        {
            return false;
        }

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            foreach (var table in tables)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT 1 FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\" LIMIT 1";
                if (await command.ExecuteScalarAsync(cancellationToken) is not null)
                {
                    return true;
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return false;
    }

    /// <summary>Runs a PostgreSQL client tool against the configured database; null when it succeeded, else its error output.</summary>
    private async Task<string?> RunAsync(string tool, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnectionStringBuilder(ConnectionString);
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--no-password");
        if (!string.IsNullOrEmpty(connection.Host))
        {
            start.ArgumentList.Add($"--host={connection.Host}");
        }

        start.ArgumentList.Add($"--port={connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        if (!string.IsNullOrEmpty(connection.Username))
        {
            start.ArgumentList.Add($"--username={connection.Username}");
        }

        start.ArgumentList.Add($"--dbname={connection.Database}");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (!string.IsNullOrEmpty(connection.Password))
        {
            start.Environment["PGPASSWORD"] = connection.Password;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return $"{tool} was not found: install the PostgreSQL client tools (Debian: apt-get install postgresql-client).";
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            await output;
            var message = await error;
            return process.ExitCode == 0 ? null : $"{tool} failed (exit code {process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture)}): {message.Trim()}";
        }
    }
}
