using System.Globalization;
using Kinodialog.Core.Screenings;
using Kinodialog.Web.Infrastructure.Database;
using Kinodialog.Web.Tests.Cli;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kinodialog.Web.Tests.Features.Dialogue.DialogueTestKit;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Infrastructure.Database;

/// <summary>
/// The web server checkpoints SQLite's write-ahead log in the background (<see cref="SqliteCheckpointer"/>),
/// never inside a commit. The fake clock of the test factory never moves the checkpointer's timer on its
/// own, so here its checkpointing is suspended until a test runs it (<see cref="SqliteCheckpointer.RunOnceAsync"/>)
/// or moves the clock.
/// </summary>
public sealed class SqliteCheckpointTests(SqliteFactory factory) : IClassFixture<SqliteFactory>
{
    private const int PageSize = 4096;

    private string WalFile => Path.Combine(factory.DataDirectory, "test.db-wal");

    [Fact]
    public async Task Commits_past_a_thousand_pages_of_log_do_not_checkpoint_and_the_background_checkpointer_copies_and_then_truncates_the_log()
    {
        // The app's connections: automatic checkpoints off, in WAL mode.
        var (autocheckpoint, journal) = await factory.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            try
            {
                return (await ScalarAsync(db, "PRAGMA wal_autocheckpoint;"), await ScalarAsync(db, "PRAGMA journal_mode;"));
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });
        Assert.Equal("0", autocheckpoint);
        Assert.Equal("wal", journal);

        // 30 commits of about 100 pages each through the app's own connections: SQLite's automatic
        // checkpoint (1,000 pages) would have copied and restarted the log several times.
        await factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("CREATE TABLE CheckpointFiller (Data BLOB NOT NULL);"));
        await FillAsync(factory, commits: 30);

        Assert.True(new FileInfo(WalFile).Length > 2_500L * PageSize, $"The log holds {new FileInfo(WalFile).Length} bytes: something checkpointed it.");

        var checkpointer = factory.Services.GetRequiredService<SqliteCheckpointer>();
        var copied = await checkpointer.RunOnceAsync(CancellationToken.None);
        Assert.NotNull(copied);
        Assert.True(copied.LogFrames > 2_500, copied.ToString());
        Assert.Equal(copied.LogFrames, copied.CheckpointedFrames);

        // A second without a write: the next round cuts the log file back to nothing, and nothing is lost.
        // (Votes of another test of this class may have asked for a recompute, waiting on this clock: it
        // runs first, so that moving the clock starts no write.)
        if (factory.Services.GetRequiredService<Kinodialog.Web.Features.Dialogue.DialogueRecompute>().WaitingUntil is not null)
        {
            await RecomputeAsync(factory);
            await checkpointer.RunOnceAsync(CancellationToken.None);
        }

        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        await checkpointer.RunOnceAsync(CancellationToken.None);
        Assert.Equal(0, new FileInfo(WalFile).Length);
        Assert.Equal("3000", await factory.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            try
            {
                return await ScalarAsync(db, "SELECT count(*) FROM CheckpointFiller;");
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }));
    }

    [Fact]
    public async Task A_long_log_is_copied_in_the_checkpointers_turn_and_the_next_writes_start_it_again_from_its_beginning()
    {
        var small = new SqliteFactory { Settings = { ["Database:Checkpoints:RestartPages"] = "1000" } };
        try
        {
            await small.InitializeAsync();
            var wal = Path.Combine(small.DataDirectory, "test.db-wal");
            await small.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("CREATE TABLE CheckpointFiller (Data BLOB NOT NULL);"));
            await FillAsync(small, commits: 15);
            var grown = new FileInfo(wal).Length;
            Assert.True(grown > 1_500L * PageSize, $"The log holds {grown} bytes.");

            var restarted = await small.Services.GetRequiredService<SqliteCheckpointer>().RunOnceAsync(CancellationToken.None);
            Assert.NotNull(restarted);
            Assert.Equal(("RESTART", false), (restarted.Mode, restarted.Busy));
            Assert.Equal(restarted.LogFrames, restarted.CheckpointedFrames);

            // The next commits write from the start of the file again: it does not grow, and the log is short.
            await FillAsync(small, commits: 5);
            Assert.Equal(grown, new FileInfo(wal).Length);
            var next = await small.Services.GetRequiredService<SqliteCheckpointer>().RunOnceAsync(CancellationToken.None);
            Assert.NotNull(next);
            Assert.InRange(next.LogFrames, 500, 999);
        }
        finally
        {
            await ((IAsyncLifetime)small).DisposeAsync();
        }
    }

    [Fact]
    public async Task Votes_still_only_in_the_log_are_in_a_backup_and_in_the_database_a_restarted_server_opens()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var statement = await SeedAsync(factory, organiser, id, "The log keeps what we said");
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        for (var i = 0; i < 3; i++)
        {
            using var phone = await PhoneAsync(factory, code, community: "azerbaijani");
            await VoteAsync(phone, code, statement, i - 1);
        }

        Assert.True(new FileInfo(WalFile).Length > 0);

        // A backup while the server runs holds what the log holds.
        var backupFile = Path.Combine(factory.DataDirectory, "backups", "checkpoint.backup");
        var backup = await factory.WithServicesAsync(sp => sp.GetRequiredService<DatabaseBackup>().BackupAsync(backupFile, CancellationToken.None));
        Assert.True(backup.Succeeded, backup.Message);
        await using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = backupFile, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString()))
        {
            await copy.OpenAsync();
            await using var command = copy.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM Votes WHERE StatementId = '{statement.ToString().ToUpperInvariant()}';";
            Assert.Equal(3L, await command.ExecuteScalarAsync());
        }

        // The files as a kill -9 leaves them (database and log, no shared-memory index), opened by a new server.
        var restarted = Path.Combine(Path.GetTempPath(), "kinodialog-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(restarted);
        foreach (var suffix in new[] { "", "-wal" })
        {
            File.Copy(Path.Combine(factory.DataDirectory, "test.db" + suffix), Path.Combine(restarted, "test.db" + suffix));
        }

        var second = new SqliteFactory { DataDirectory = restarted };
        try
        {
            await second.InitializeAsync();
            Assert.Equal(
                [-1, 0, 1],
                await second.WithDbAsync(db => db.Votes.Where(v => v.StatementId == statement).Select(v => (int)v.Value).OrderBy(v => v).ToListAsync()));
        }
        finally
        {
            await ((IAsyncLifetime)second).DisposeAsync();
        }
    }

    /// <summary>Commits of about 100 pages each (100 rows of 4,000 random bytes), each through the app's own connections.</summary>
    private static async Task FillAsync(KinodialogFactory instance, int commits)
    {
        for (var i = 0; i < commits; i++)
        {
            await instance.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) INSERT INTO CheckpointFiller (Data) SELECT randomblob(4000) FROM n;"));
        }
    }

    private static async Task<string> ScalarAsync(Kinodialog.Data.KinodialogDbContext db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture)!;
    }
}
