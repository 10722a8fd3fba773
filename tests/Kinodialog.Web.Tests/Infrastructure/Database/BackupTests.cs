using System.Net;
using Kinodialog.Core.Screenings;
using Kinodialog.Data;
using Kinodialog.Web.Infrastructure.Database;
using Kinodialog.Web.Tests.Cli;
using Kinodialog.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kinodialog.Web.Tests.Features.Dialogue.DialogueTestKit;
using static Kinodialog.Web.Tests.Features.Surveys.SurveyTestKit;

namespace Kinodialog.Web.Tests.Infrastructure.Database;

public abstract class BackupTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory, new()
{
    private static async Task<Dictionary<string, long>> CountsAsync(KinodialogFactory instance) =>
        await instance.WithDbAsync(async db => new Dictionary<string, long>
        {
            ["users"] = await db.Users.LongCountAsync(),
            ["screenings"] = await db.Screenings.LongCountAsync(),
            ["participants"] = await db.Participants.LongCountAsync(),
            ["answers"] = await db.SurveyResponses.LongCountAsync(),
            ["statements"] = await db.Statements.LongCountAsync(),
            ["votes"] = await db.Votes.LongCountAsync(),
            ["questionnaires"] = await db.QuestionnaireVersions.LongCountAsync(),
            ["dialogue"] = await db.DialogueStates.LongCountAsync(),
        });

    private static Task<DatabaseBackup.Outcome> RestoreAsync(KinodialogFactory instance, string file, bool force) =>
        instance.WithServicesAsync(sp => sp.GetRequiredService<DatabaseBackup>().RestoreAsync(file, force, CancellationToken.None));

    [Fact]
    public async Task A_backup_restored_into_a_fresh_instance_has_the_same_rows_and_values_and_a_second_restore_needs_force()
    {
        using var organiser = await TestClient.SignedInAsync(factory, Roles.Organiser);
        var (id, code) = await OpenScreeningAsync(factory, organiser);
        var statement = await SeedAsync(factory, organiser, id, "Backups keep what we said");
        await SetStageAsync(organiser, id, AudienceStage.Dialogue);
        for (var i = 0; i < 3; i++)
        {
            using var phone = await PhoneAsync(factory, code, community: "armenian");
            await VoteAsync(phone, code, statement, i == 0 ? -1 : 1);
        }

        await SummaryWhenAsync(factory, organiser, id, s => s.GetProperty("votes").GetInt32() == 3);
        var file = Path.Combine(factory.DataDirectory, "backups", "kinodialog.backup");
        var backup = await factory.WithServicesAsync(sp => sp.GetRequiredService<DatabaseBackup>().BackupAsync(file, CancellationToken.None));
        Assert.True(backup.Succeeded, backup.Message);
        Assert.True(new FileInfo(file).Length > 0);

        var fresh = new TFactory();
        await fresh.InitializeAsync();
        try
        {
            Assert.False(await fresh.WithServicesAsync(sp => sp.GetRequiredService<DatabaseBackup>().HoldsDataAsync(CancellationToken.None)));
            var restored = await RestoreAsync(fresh, file, force: false);
            Assert.True(restored.Succeeded, restored.Message);

            var expected = await CountsAsync(factory);
            Assert.Equal(3, expected["votes"]);
            Assert.Equal(expected, await CountsAsync(fresh));
            Assert.Equal("Backups keep what we said", await fresh.WithDbAsync(db => db.Statements.Where(s => s.Id == statement).Select(s => s.Text).SingleAsync()));
            Assert.Equal(
                await factory.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).Select(s => new { s.Title, s.StartsAtUtc, s.JoinCode }).SingleAsync()),
                await fresh.WithDbAsync(db => db.Screenings.Where(s => s.Id == id).Select(s => new { s.Title, s.StartsAtUtc, s.JoinCode }).SingleAsync()));
            Assert.Equal(
                await factory.WithDbAsync(db => db.Votes.OrderBy(v => v.Id).Select(v => (int)v.Value).ToListAsync()),
                await fresh.WithDbAsync(db => db.Votes.OrderBy(v => v.Id).Select(v => (int)v.Value).ToListAsync()));

            // The restored instance answers: the results page with the restored dialogue summary.
            using var programme = await TestClient.SignedInAsync(fresh, Roles.Programme);
            var results = await programme.GetOkPageAsync($"/en/screenings/{id}/results");
            Assert.Equal("3", results.QuerySelector("[data-testid=dialogue-votes]")!.TextContent.Trim());

            // Now it holds data: a second restore is refused without --force, and replaces everything with it.
            var refused = await RestoreAsync(fresh, file, force: false);
            Assert.False(refused.Succeeded);
            Assert.Contains("--force", refused.Message, StringComparison.Ordinal);
            var forced = await RestoreAsync(fresh, file, force: true);
            Assert.True(forced.Succeeded, forced.Message);
            Assert.Equal(expected, await CountsAsync(fresh));
        }
        finally
        {
            await ((IAsyncLifetime)fresh).DisposeAsync();
        }
    }
}

public sealed class BackupTestsOnSqlite(SqliteFactory factory) : BackupTests<SqliteFactory>(factory)
{
    [Fact]
    public async Task The_backup_and_restore_commands_copy_the_database_and_restore_refuses_a_database_with_data_without_force()
    {
        var directory = Path.Combine(Path.GetTempPath(), "kinodialog-tests", "cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var source = Path.Combine(directory, "source.db");
        var target = Path.Combine(directory, "target.db");
        var file = Path.Combine(directory, "backup.db");
        Dictionary<string, string> Env(string database) => new()
        {
            ["Database__Provider"] = "Sqlite",
            ["Database__ConnectionString"] = $"Data Source={database}",
            ["Storage__DataPath"] = directory,
        };

        Assert.Equal(0, (await CliProcess.RunAsync(directory, Env(source), TimeSpan.FromMinutes(2), "migrate")).ExitCode);
        var admin = await CliProcess.RunAsync(directory, Env(source), TimeSpan.FromMinutes(2), "create-admin", "--email", "admin@example.org", "--password", "correct horse battery staple");
        Assert.Equal(0, admin.ExitCode);
        var backup = await CliProcess.RunAsync(directory, Env(source), TimeSpan.FromMinutes(2), "backup", file);
        Assert.True(backup.ExitCode == 0, backup.All);
        Assert.Contains("Backup written", backup.Output, StringComparison.Ordinal);

        var restore = await CliProcess.RunAsync(directory, Env(target), TimeSpan.FromMinutes(2), "restore", file);
        Assert.True(restore.ExitCode == 0, restore.All);
        var refused = await CliProcess.RunAsync(directory, Env(target), TimeSpan.FromMinutes(2), "restore", file);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--force", refused.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await CliProcess.RunAsync(directory, Env(target), TimeSpan.FromMinutes(2), "restore", file, "--force")).ExitCode);

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={target};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Email\" FROM \"AspNetUsers\"";
        Assert.Equal("admin@example.org", await command.ExecuteScalarAsync());
        await connection.CloseAsync();
        Directory.Delete(directory, recursive: true);
    }
}

public sealed class BackupTestsOnPostgres(PostgresFactory factory) : BackupTests<PostgresFactory>(factory);
