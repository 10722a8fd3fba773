using Kinodialog.Data;
using Kinodialog.Data.Postgres;
using Kinodialog.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Kinodialog.Web.Tests.Infrastructure;

/// <summary>
/// A database migrated once per test run, copied for every app instead of running the 30-odd migrations again
/// (seconds each time, a hundred apps in the suite). The copy is what the real migrations made; the app still
/// runs its migrator at start (nothing pending then), which also adds the roles and the default questionnaire.
/// </summary>
public static class DatabaseTemplates
{
    private static readonly Lazy<Task<string>> Sqlite = new(CreateSqliteAsync);

    private static readonly Lazy<Task<string>> Postgres = new(CreatePostgresAsync);

    /// <summary>Copies the migrated SQLite template to <paramref name="file"/> (which must not exist).</summary>
    public static async Task CopySqliteAsync(string file)
    {
        var template = await Sqlite.Value;
        File.Copy(template, file);
    }

    /// <summary>Creates <paramref name="database"/> on the test server as a copy of the migrated template.</summary>
    public static async Task CreatePostgresAsync(string database)
    {
        var template = await Postgres.Value;
        await using var connection = new NpgsqlConnection(PostgresFactory.AdminConnectionString);
        await connection.OpenAsync();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\" TEMPLATE \"{template}\"", connection);
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 20)
            {
                // Another copy of the template is being made at this moment ("being accessed by other users").
                await Task.Delay(100 * attempt);
            }
        }
    }

    private static async Task<string> CreateSqliteAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "kinodialog-tests");
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, $"template-{Environment.ProcessId}-{Guid.NewGuid():N}.db");
        var connection = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
        var options = new DbContextOptionsBuilder<KinodialogDbContext>();
        SqliteDatabase.Configure(options, connection);
        await using (var db = new KinodialogDbContext(options.Options))
        {
            await db.Database.MigrateAsync();
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(file);
        return file;
    }

    private static async Task<string> CreatePostgresAsync()
    {
        var name = $"kd_template_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(PostgresFactory.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        // No pooled connection may stay open on a template: CREATE DATABASE … TEMPLATE refuses one in use.
        var connection = new NpgsqlConnectionStringBuilder(PostgresFactory.AdminConnectionString) { Database = name, Pooling = false }.ConnectionString;
        var options = new DbContextOptionsBuilder<KinodialogDbContext>();
        PostgresDatabase.Configure(options, connection);
        await using (var db = new KinodialogDbContext(options.Options))
        {
            await db.Database.MigrateAsync();
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => DropPostgres(name);
        return name;
    }

    private static void DropPostgres(string name)
    {
        try
        {
            using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresFactory.AdminConnectionString) { Pooling = false }.ConnectionString);
            admin.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            drop.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // The server is gone (./test.sh stops its own at exit): nothing is left to drop.
        }
    }
}
