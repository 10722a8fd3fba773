using Kinodialog.Data;
using Kinodialog.Web.Cli;
using Kinodialog.Web.Tests.Cli;
using Kinodialog.Web.Tests.Infrastructure;
using Npgsql;

namespace Kinodialog.Web.Tests.Features.Shared;

/// <summary>The CLI of the real binary, run as a separate process the way run.sh runs it.</summary>
public sealed class CommandLineTests
{
    internal static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, Dictionary<string, string> environment, params string[] args)
    {
        var result = await CliProcess.RunAsync(workingDirectory, environment, TimeSpan.FromMinutes(5), args);
        Assert.False(result.TimedOut, $"{string.Join(' ', args)} did not finish in 5 minutes (killed): {result.All}");
        return (result.ExitCode, result.All);
    }

    [Fact]
    public async Task Help_lists_every_command()
    {
        var (exit, output) = await RunAsync(Path.GetTempPath(), [], "--help");
        Assert.Equal(0, exit);
        foreach (var command in new[] { "serve", "migrate", "seed-demo", "create-admin" })
        {
            Assert.Contains(command, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Subtitles_validate_prints_the_report_as_json_and_rejects_a_file_that_is_not_webvtt()
    {
        var directory = Directory.CreateTempSubdirectory("kinodialog-vtt-").FullName;
        try
        {
            var good = Path.Combine(directory, "film.vtt");
            await File.WriteAllTextAsync(good, "WEBVTT\n\nREGION\nid:low\nwidth:40%\nlines:2\n\nintro\n00:00:01.000 --> 00:00:03.500 region:low align:start\n<v Ani>Hello &amp; welcome\n\n00:02.000 --> bad\nskipped\n\n00:00:03.000 --> 00:00:05.000 line:10% position:20%\nA line that is much too long to be read comfortably on a small screen\n");
            var (exit, output) = await RunAsync(directory, [], "subtitles", "validate", good, "--json");
            Assert.Equal(0, exit);
            using var json = System.Text.Json.JsonDocument.Parse(output);
            var root = json.RootElement;
            Assert.Equal(["cues", "regions", "errors", "warnings"], root.EnumerateObject().Select(p => p.Name));
            var cues = root.GetProperty("cues").EnumerateArray().ToList();
            Assert.Equal(2, cues.Count);
            Assert.Equal("intro", cues[0].GetProperty("id").GetString());
            Assert.Equal(1.0, cues[0].GetProperty("startTime").GetDouble());
            Assert.Equal(3.5, cues[0].GetProperty("endTime").GetDouble());
            Assert.Equal("<v Ani>Hello &amp; welcome", cues[0].GetProperty("text").GetString());
            Assert.Equal("auto", cues[0].GetProperty("line").GetString());
            Assert.Equal("start", cues[0].GetProperty("align").GetString());
            Assert.Equal("low", cues[0].GetProperty("region").GetProperty("id").GetString());
            Assert.Equal(40, cues[0].GetProperty("region").GetProperty("width").GetDouble());
            Assert.Equal(10, cues[1].GetProperty("line").GetDouble());
            Assert.Equal(20, cues[1].GetProperty("position").GetDouble());
            Assert.Contains(root.GetProperty("errors").EnumerateArray(), e => e.GetProperty("line").GetInt32() == 12);
            Assert.Contains(root.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "cue.line_too_long");
            Assert.Contains(root.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "cue.overlap");

            var bad = Path.Combine(directory, "notes.txt");
            await File.WriteAllTextAsync(bad, "Meeting notes, not subtitles.\n");
            var (badExit, badOutput) = await RunAsync(directory, [], "subtitles", "validate", bad);
            Assert.Equal(1, badExit);
            Assert.Contains("signature", badOutput, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "serve" }, false)]
    [InlineData(new[] { "--urls=http://localhost:5999" }, false)]
    [InlineData(new[] { "migrate" }, true)]
    [InlineData(new[] { "--help" }, true)]
    [InlineData(new[] { "serve", "--help" }, true)]
    public void Serving_is_the_default_command(string[] args, bool isCommand) =>
        Assert.Equal(isCommand, KinodialogCommandLine.IsCommand(args));
}

/// <summary>
/// A new installation set up by the real binary, one class per provider so that the two (each a minute of
/// seeding: three demo films encoded by ffmpeg) run side by side with other tests rather than one after the other.
/// </summary>
public abstract class CommandLineSetUpTests(DatabaseProvider provider)
{
    [Fact]
    public async Task Migrate_seed_and_create_admin_set_up_a_new_installation_and_are_idempotent()
    {
        var directory = Directory.CreateTempSubdirectory("kinodialog-cli-").FullName;
        var database = $"kd_cli_{Guid.NewGuid():N}";
        var environment = new Dictionary<string, string>
        {
            ["Storage__DataPath"] = Path.Combine(directory, "data"),
            ["Storage__MediaPath"] = Path.Combine(directory, "data", "media"),
            ["Database__Provider"] = provider.ToString(),
        };
        if (provider == DatabaseProvider.Postgres)
        {
            await using var connection = new NpgsqlConnection(PostgresFactory.AdminConnectionString);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync();
            environment["Database__ConnectionString"] = new NpgsqlConnectionStringBuilder(PostgresFactory.AdminConnectionString) { Database = database }.ConnectionString;
        }

        try
        {
            var migrate = await CommandLineTests.RunAsync(directory, environment, "migrate");
            Assert.True(migrate.ExitCode == 0, migrate.Output);
            if (provider == DatabaseProvider.Sqlite)
            {
                Assert.True(File.Exists(Path.Combine(directory, "data", "kinodialog.db")));
            }

            var seed = await CommandLineTests.RunAsync(directory, environment, "seed-demo");
            Assert.True(seed.ExitCode == 0, seed.Output);
            Assert.Contains("Demo content added", seed.Output, StringComparison.Ordinal);
            var again = await CommandLineTests.RunAsync(directory, environment, "seed-demo");
            Assert.Contains("nothing changed", again.Output, StringComparison.Ordinal);

            var admin = await CommandLineTests.RunAsync(directory, environment, "create-admin", "--email", "admin@example.org", "--if-none");
            Assert.True(admin.ExitCode == 0, admin.Output);
            Assert.Matches(@"Password: \S{12,}", admin.Output);
            var second = await CommandLineTests.RunAsync(directory, environment, "create-admin", "--email", "other@example.org", "--if-none");
            Assert.Contains("already exists", second.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Password:", second.Output, StringComparison.Ordinal);

            var chosen = await CommandLineTests.RunAsync(directory, environment, "create-admin", "--email", "admin@example.org", "--password", "short");
            Assert.Equal(1, chosen.ExitCode);
            Assert.Contains("12", chosen.Output, StringComparison.Ordinal);
        }
        finally
        {
            if (provider == DatabaseProvider.Postgres)
            {
                await using var connection = new NpgsqlConnection(PostgresFactory.AdminConnectionString);
                await connection.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }

            Directory.Delete(directory, recursive: true);
        }
    }
}

public sealed class CommandLineSetUpTestsOnSqlite() : CommandLineSetUpTests(DatabaseProvider.Sqlite);

public sealed class CommandLineSetUpTestsOnPostgres() : CommandLineSetUpTests(DatabaseProvider.Postgres);
