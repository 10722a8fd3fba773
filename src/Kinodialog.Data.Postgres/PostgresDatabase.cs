using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Data.Postgres;

public static class PostgresDatabase
{
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString, int commandTimeoutSeconds = 30) =>
        options.UseNpgsql(connectionString, npgsql => npgsql
            .MigrationsAssembly(MigrationsAssemblies.Postgres)
            .CommandTimeout(commandTimeoutSeconds));
}
