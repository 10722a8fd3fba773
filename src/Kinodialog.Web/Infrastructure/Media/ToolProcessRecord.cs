using System.Diagnostics;
using System.Globalization;

namespace Kinodialog.Web.Infrastructure.Media;

/// <summary>What <see cref="ToolProcessRecord.KillRecorded"/> found.</summary>
public enum RecordedToolOutcome
{
    /// <summary>No record, an unreadable one, or not Linux.</summary>
    NoRecord,

    /// <summary>The recorded process has ended.</summary>
    NotRunning,

    /// <summary>The pid is alive but is another process (another start time, name or boot): left alone.</summary>
    Unrelated,

    /// <summary>The recorded tool was still running and was killed.</summary>
    Killed,
}

/// <summary>
/// A file beside a tool's work ("pid start-time boot-id name") that lets a later process find a tool
/// left running by a process that died with <c>kill -9</c>, and kill it. Linux only (it reads /proc):
/// a pid is only trusted together with its start time from <c>/proc/&lt;pid&gt;/stat</c>, the machine's
/// boot id and the executable's name, so a reused pid or another node's process is never killed.
/// Elsewhere nothing is recorded and nothing is killed.
/// </summary>
public static class ToolProcessRecord
{
    /// <summary>The record's name in a work directory.</summary>
    public const string FileName = "tool.pid";

    // Linux keeps 15 characters of an executable's name (TASK_COMM_LEN - 1).
    private const int CommLength = 15;

    /// <summary>Writes the record of a started process; does nothing when not on Linux or when it already ended.</summary>
    public static void Write(string path, int processId, string executable)
    {
        if (!OperatingSystem.IsLinux() || Stat(processId) is not { } stat || BootId() is not { } boot)
        {
            return;
        }

        var name = Comm(Path.GetFileName(executable));
        var temp = path + ".tmp";
        File.WriteAllText(temp, string.Create(CultureInfo.InvariantCulture, $"{processId} {stat.StartTime} {boot} {name}\n"));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Deletes the record (the tool ended normally or was killed by its runner).</summary>
    public static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stale record is harmless: its process is checked before anything is killed.
        }
    }

    /// <summary>Kills the recorded process if it still runs and really is the recorded tool; the record is deleted.</summary>
    public static RecordedToolOutcome KillRecorded(string path)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(path))
        {
            return RecordedToolOutcome.NoRecord;
        }

        string[] parts;
        try
        {
            parts = File.ReadAllText(path).Split(' ', 4, StringSplitOptions.TrimEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return RecordedToolOutcome.NoRecord;
        }

        if (parts.Length != 4
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var startTime))
        {
            Delete(path);
            return RecordedToolOutcome.NoRecord;
        }

        var outcome = Kill(pid, startTime, parts[2], parts[3]);
        Delete(path);
        return outcome;
    }

    private static RecordedToolOutcome Kill(int pid, ulong startTime, string bootId, string name)
    {
        if (Stat(pid) is not { } stat || stat.State == 'Z')
        {
            return RecordedToolOutcome.NotRunning;
        }

        if (stat.StartTime != startTime || !string.Equals(BootId(), bootId, StringComparison.Ordinal) || !string.Equals(stat.Name, name, StringComparison.Ordinal))
        {
            return RecordedToolOutcome.Unrelated;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return RecordedToolOutcome.NotRunning; // ended between the check and the kill
        }

        // Wait (briefly) until it is gone, so whatever runs next does not meet it.
        for (var i = 0; i < 100 && Stat(pid) is { State: not 'Z' } still && still.StartTime == startTime; i++)
        {
            Thread.Sleep(20);
        }

        return RecordedToolOutcome.Killed;
    }

    private readonly record struct ProcessStat(string Name, char State, ulong StartTime);

    /// <summary>The name, state and start time (clock ticks since boot) of a live process, from /proc/&lt;pid&gt;/stat.</summary>
    private static ProcessStat? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid …": comm may hold spaces and parentheses, so it ends at the last ')'.
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }

        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state); the start time is field 22.
        return fields.Length > 19 && ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            ? new ProcessStat(text[(open + 1)..close], fields[0][0], start)
            : null;
    }

    private static string? BootId()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Comm(string name) => name.Length > CommLength ? name[..CommLength] : name;
}
