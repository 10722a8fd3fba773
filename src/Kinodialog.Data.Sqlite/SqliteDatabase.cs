using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Data.Sqlite;

public static class SqliteDatabase
{
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString, int commandTimeoutSeconds = 30) =>
        options.UseSqlite(connectionString, sqlite => sqlite
            .MigrationsAssembly(MigrationsAssemblies.Sqlite)
            .CommandTimeout(commandTimeoutSeconds));
}
