using System.Globalization;
using Kinodialog.Data.Sqlite;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kinodialog.Web.Tests.Features.Dialogue;

/// <summary>
/// The vote writer and the recompute write to the same SQLite file: every connection must let
/// SQLite wait for the other's write lock itself (see <see cref="SqliteDatabase"/>), or a statement
/// meeting the lock fails at once and is retried only after Microsoft.Data.Sqlite's 150 ms sleep.
/// </summary>
public sealed class SqliteBusyTimeoutTests(SqliteFactory factory) : IClassFixture<SqliteFactory>
{
    [Fact]
    public async Task Every_connection_the_app_opens_waits_for_a_write_lock_instead_of_failing_at_once()
    {
        for (var i = 0; i < 2; i++)
        {
            var timeout = await factory.WithDbAsync(async db =>
            {
                await db.Database.OpenConnectionAsync();
                try
                {
                    await using var command = db.Database.GetDbConnection().CreateCommand();
                    command.CommandText = "PRAGMA busy_timeout;";
                    return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
                }
                finally
                {
                    await db.Database.CloseConnectionAsync();
                }
            });
            Assert.Equal(SqliteDatabase.BusyTimeoutMilliseconds, timeout);
        }
    }
}
