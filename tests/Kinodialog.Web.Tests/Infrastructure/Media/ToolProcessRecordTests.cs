using System.Diagnostics;
using System.Globalization;
using Kinodialog.Web.Infrastructure.Media;

namespace Kinodialog.Web.Tests.Infrastructure.Media;

/// <summary>
/// An ffmpeg whose runner died (kill -9 of the server) is found through its record and killed; a record that
/// points at any other process (another name, another start time: a reused pid) kills nothing.
/// </summary>
[Collection(MediaToolsTestGroup.Name)]
public sealed class ToolProcessRecordTests(MediaToolsFixture fixture)
{
    /// <summary>ffmpeg reading an endless generated source in real time: runs until killed.</summary>
    public static readonly string[] EndlessFfmpeg = ["-hide_banner", "-nostdin", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=s=64x48:r=5", "-f", "null", "-"];

    private readonly ProcessRunner _runner = fixture.Get<ProcessRunner>();

    public static async Task<int> RecordedPidAsync(string record)
    {
        for (var i = 0; i < 100 && !File.Exists(record); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(File.Exists(record), "ffmpeg's record was never written");
        return int.Parse((await File.ReadAllTextAsync(record)).Split(' ')[0], CultureInfo.InvariantCulture);
    }

    public static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat";
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Fact]
    public async Task An_ffmpeg_left_running_by_a_dead_runner_is_killed_through_its_record()
    {
        var record = Path.Combine(fixture.NewWorkDirectory(), ToolProcessRecord.FileName);
        // The runner "dies": nobody awaits or cancels it any more, its ffmpeg keeps running.
        var orphaned = _runner.RunAsync("ffmpeg", EndlessFfmpeg, TimeSpan.FromMinutes(2), null, record, CancellationToken.None);
        var pid = await RecordedPidAsync(record);
        Assert.True(IsAlive(pid));

        var outcome = ToolProcessRecord.KillRecorded(record);

        Assert.Equal(RecordedToolOutcome.Killed, outcome);
        Assert.False(IsAlive(pid), "ffmpeg still runs");
        var result = await orphaned.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(result.Succeeded);
        Assert.False(File.Exists(record));
    }

    [Fact]
    public async Task A_record_pointing_at_a_process_with_another_name_kills_nothing()
    {
        var record = Path.Combine(fixture.NewWorkDirectory(), ToolProcessRecord.FileName);
        var start = new ProcessStartInfo("sleep") { UseShellExecute = false };
        start.ArgumentList.Add("61.73");
        using var sleep = Process.Start(start)!;
        try
        {
            // The pid and start time are right, but the process is no ffmpeg (the pid was reused by something else).
            ToolProcessRecord.Write(record, sleep.Id, "ffmpeg");
            Assert.True(File.Exists(record));

            Assert.Equal(RecordedToolOutcome.Unrelated, ToolProcessRecord.KillRecorded(record));

            await Task.Delay(200);
            Assert.False(sleep.HasExited);
            Assert.True(IsAlive(sleep.Id));
        }
        finally
        {
            sleep.Kill();
            await sleep.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task A_record_of_an_ffmpeg_with_another_start_time_kills_nothing()
    {
        var record = Path.Combine(fixture.NewWorkDirectory(), ToolProcessRecord.FileName);
        using var stop = new CancellationTokenSource();
        var running = _runner.RunAsync("ffmpeg", EndlessFfmpeg, TimeSpan.FromMinutes(2), null, record, stop.Token);
        try
        {
            var pid = await RecordedPidAsync(record);
            // Same pid and name, another start time: the ffmpeg recorded is gone and this one is someone else's.
            var parts = (await File.ReadAllTextAsync(record)).Split(' ');
            parts[1] = (ulong.Parse(parts[1], CultureInfo.InvariantCulture) - 1).ToString(CultureInfo.InvariantCulture);
            await File.WriteAllTextAsync(record, string.Join(' ', parts));

            Assert.Equal(RecordedToolOutcome.Unrelated, ToolProcessRecord.KillRecorded(record));

            await Task.Delay(200);
            Assert.True(IsAlive(pid), "an unrelated ffmpeg was killed");
            Assert.False(running.IsCompleted);
        }
        finally
        {
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        }
    }
}
