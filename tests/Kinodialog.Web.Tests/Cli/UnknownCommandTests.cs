using Kinodialog.Web.Cli;

namespace Kinodialog.Web.Tests.Cli;

/// <summary>Issue 12: an unknown command or option is refused; it never starts the web server.</summary>
public sealed class UnknownCommandTests
{
    private static readonly Dictionary<string, string> NoServerPort = new()
    {
        // Should the server start after all, it must not take anyone's port 5080.
        ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        ["Storage__DataPath"] = Path.Combine(Path.GetTempPath(), "kinodialog-unknown-command"),
    };

    [Theory]
    [InlineData("kit", "kit", "export", "film")]
    [InlineData("migrat", "migrat")]
    [InlineData("-x", "-x")]
    [InlineData("--verbose", "--verbose")]
    public async Task An_unknown_command_or_option_names_itself_and_the_commands_on_stderr_and_exits_with_2(string named, params string[] args)
    {
        var result = await CliProcess.RunAsync(Path.GetTempPath(), NoServerPort, TimeSpan.FromSeconds(60), args);

        Assert.False(result.TimedOut, "The binary kept running (it started the web server): " + result.All);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"'{named}'", result.Error, StringComparison.Ordinal);
        foreach (var command in new[] { "serve", "migrate", "seed-demo", "create-admin", "subtitles", "films", "survey", "opinions", "retention", "backup", "restore" })
        {
            Assert.Contains(command, result.Error, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Now listening", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_option_of_a_known_command_is_refused_with_2()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await KinodialogCommandLine.InvokeAsync(["subtitles", "validate", "film.vtt", "--jsn"], output, error);

        Assert.Equal(2, code);
        Assert.Contains("'--jsn'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("opinions", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Theory]
    [InlineData]
    [InlineData("serve")]
    [InlineData("serve", "--urls", "http://localhost:5080")]
    [InlineData("--urls=http://localhost:5080")]
    [InlineData("--urls", "http://localhost:5080", "--Database:Provider=Postgres")]
    [InlineData("migrate")]
    [InlineData("--help")]
    public void Serving_host_settings_and_known_commands_are_not_refused(params string[] args) =>
        Assert.Null(KinodialogCommandLine.UnknownArgument(args));

    [Theory]
    [InlineData("kit", "kit", "export")]
    [InlineData("migrat", "migrat")]
    [InlineData("--urls", "--urls")]
    [InlineData("stray", "--urls=x", "stray")]
    [InlineData("-h=1", "-h=1")]
    public void Anything_else_is_named(string expected, params string[] args) =>
        Assert.Equal(expected, KinodialogCommandLine.UnknownArgument(args));
}
