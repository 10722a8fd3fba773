using System.Diagnostics;
using Kinodialog.Web.Infrastructure.Media;

namespace Kinodialog.Web.Tests.Infrastructure.Media;

[Collection(MediaToolsTestGroup.Name)]
public sealed class ProcessRunnerTests(MediaToolsFixture fixture)
{
    private readonly ProcessRunner _runner = fixture.Get<ProcessRunner>();

    [Fact]
    public async Task Arguments_arrive_one_by_one_whatever_they_contain()
    {
        string[] arguments = ["two words", "Ana's", "\"quoted\"", "$(rm -rf ~)", "*", "a;b|c&d", "-n", "Ərəb — Արարատ"];
        var lines = new List<string>();

        var result = await _runner.RunAsync("printf", ["%s\\n", .. arguments], TimeSpan.FromSeconds(30), lines.Add, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(arguments, lines);
    }

    [Fact]
    public async Task Only_the_tail_of_standard_error_is_kept_with_the_exit_code()
    {
        var result = await _runner.RunAsync(
            "sh",
            ["-c", "head -c 20000 /dev/zero | tr '\\0' x >&2; echo ' the end' >&2; exit 3"],
            TimeSpan.FromSeconds(30),
            null,
            CancellationToken.None);

        Assert.Equal(3, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.False(result.Succeeded);
        Assert.Equal(ProcessRunner.StderrTailLength, result.StderrTail.Length);
        Assert.EndsWith("x the end\n", result.StderrTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_past_its_timeout_is_killed_and_says_so()
    {
        var watch = Stopwatch.StartNew();

        var result = await _runner.RunAsync("sleep", ["37.25"], TimeSpan.FromMilliseconds(300), null, CancellationToken.None);

        Assert.True(result.TimedOut);
        Assert.False(result.Succeeded);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        await MediaToolsFixture.AssertNoProcessMentionsAsync("37.25");
    }

    [Fact]
    public async Task Cancelling_kills_the_whole_process_tree()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _runner.RunAsync("sh", ["-c", "sleep 71.37 & sleep 71.38; wait"], TimeSpan.FromMinutes(1), null, cancellation.Token));

        await MediaToolsFixture.AssertNoProcessMentionsAsync("sleep\071.37");
        await MediaToolsFixture.AssertNoProcessMentionsAsync("sleep\071.38");
    }

    [Fact]
    public async Task Cancelling_an_encode_kills_ffmpeg()
    {
        var output = Path.Combine(fixture.NewWorkDirectory(), $"cancel-{Guid.NewGuid():N}.mp4");
        using var cancellation = new CancellationTokenSource();
        List<string> arguments =
        [
            "-nostdin", "-progress", "pipe:1", "-re", "-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=600",
            "-c:v", "libx264", "-preset", "ultrafast", "-y", "file:" + output,
        ];

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _runner.RunAsync("ffmpeg", arguments, TimeSpan.FromMinutes(5), line => cancellation.Cancel(), cancellation.Token));

        await MediaToolsFixture.AssertNoProcessMentionsAsync(output);
    }

    [Fact]
    public async Task A_failing_output_callback_does_not_stall_the_tool()
    {
        var calls = 0;

        var result = await _runner.RunAsync(
            "seq",
            ["1", "200000"],
            TimeSpan.FromSeconds(30),
            _ =>
            {
                calls++;
                throw new InvalidOperationException("progress sink broke");
            },
            CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_missing_tool_is_a_clear_error() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _runner.RunAsync("/nonexistent/ffmpeg", [], TimeSpan.FromSeconds(5), null, CancellationToken.None));
}
