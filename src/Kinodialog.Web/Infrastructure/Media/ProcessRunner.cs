using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Kinodialog.Web.Infrastructure.Media;

/// <summary>How a tool run ended.</summary>
/// <param name="ExitCode">The process's exit code (after a kill, whatever the system reports).</param>
/// <param name="StderrTail">The last <see cref="ProcessRunner.StderrTailLength"/> characters of standard error.</param>
/// <param name="TimedOut">Whether the run was killed for exceeding its time limit.</param>
public sealed record ProcessResult(int ExitCode, string StderrTail, bool TimedOut)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;
}

/// <summary>
/// Runs a media tool (ffmpeg, ffprobe) directly, never through a shell: arguments go one by one
/// through <see cref="ProcessStartInfo.ArgumentList"/>. Standard output is streamed line by line,
/// the tail of standard error is kept for error messages, and the whole process tree is killed on
/// cancellation or timeout. Tools run below normal priority so encoding never starves requests.
/// </summary>
public sealed partial class ProcessRunner(TimeProvider clock, ILogger<ProcessRunner> logger)
{
    /// <summary>How much of standard error is kept, in characters.</summary>
    public const int StderrTailLength = 4096;

    /// <summary>Runs <paramref name="fileName"/> and waits for it to end.</summary>
    /// <param name="fileName">The executable, a name on PATH or a full path.</param>
    /// <param name="arguments">The arguments, each passed as one argument whatever it contains.</param>
    /// <param name="timeout">After this the process tree is killed and the result says <c>TimedOut</c>.</param>
    /// <param name="onOutputLine">Called with each line of standard output; exceptions it throws are logged and ignored.</param>
    /// <param name="cancellationToken">Kills the process tree, then throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="InvalidOperationException">The executable could not be started.</exception>
    public Task<ProcessResult> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        TimeSpan timeout,
        Action<string>? onOutputLine,
        CancellationToken cancellationToken) =>
        RunAsync(fileName, arguments, timeout, onOutputLine, recordFile: null, cancellationToken);

    /// <summary>
    /// Runs <paramref name="fileName"/> and waits for it to end, keeping a <see cref="ToolProcessRecord"/> in
    /// <paramref name="recordFile"/> while it runs (deleted when it ends), so that a process started after this
    /// one died can kill the tool it left behind.
    /// </summary>
    /// <inheritdoc cref="RunAsync(string, IReadOnlyList{string}, TimeSpan, Action{string}?, CancellationToken)"/>
    public async Task<ProcessResult> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        TimeSpan timeout,
        Action<string>? onOutputLine,
        string? recordFile,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        cancellationToken.ThrowIfCancellationRequested();

        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var tool = Path.GetFileName(fileName);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Could not start {fileName}: {e.Message}", e);
        }

        var started = clock.GetTimestamp();
        if (recordFile is not null)
        {
            ToolProcessRecord.Write(recordFile, process.Id, fileName);
        }

        try
        {
            return await WaitAsync(process, tool, started, timeout, onOutputLine, cancellationToken);
        }
        finally
        {
            if (recordFile is not null)
            {
                ToolProcessRecord.Delete(recordFile);
            }
        }
    }

    private async Task<ProcessResult> WaitAsync(Process process, string tool, long started, TimeSpan timeout, Action<string>? onOutputLine, CancellationToken cancellationToken)
    {
        LowerPriority(process, tool);
        process.StandardInput.Close();
        var output = PumpOutputAsync(process.StandardOutput, onOutputLine, tool);
        var error = KeepTailAsync(process.StandardError);

        using var timeoutSource = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            await process.WaitForExitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            await process.WaitForExitAsync(CancellationToken.None);
            await Task.WhenAll(output, error);
            if (cancellationToken.IsCancellationRequested)
            {
                LogCancelled(logger, tool, process.Id);
                throw new OperationCanceledException($"{tool} was cancelled and killed.", cancellationToken);
            }

            LogTimedOut(logger, tool, process.Id, timeout);
            return new ProcessResult(process.ExitCode, await error, TimedOut: true);
        }

        await Task.WhenAll(output, error);
        var elapsed = clock.GetElapsedTime(started);
        LogExited(logger, tool, process.ExitCode, elapsed.TotalMilliseconds);
        return new ProcessResult(process.ExitCode, await error, TimedOut: false);
    }

    private async Task PumpOutputAsync(StreamReader reader, Action<string>? onLine, string tool)
    {
        var callbackFailed = false;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (onLine is null || callbackFailed)
            {
                continue;
            }

            try
            {
                onLine(line);
            }
#pragma warning disable CA1031 // A failing progress callback must not stall the pipe and with it the tool.
            catch (Exception e)
#pragma warning restore CA1031
            {
                callbackFailed = true;
                LogCallbackFailed(logger, e, tool);
            }
        }
    }

    private static async Task<string> KeepTailAsync(StreamReader reader)
    {
        var tail = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            tail.Append(buffer, 0, read);
            if (tail.Length > 2 * StderrTailLength)
            {
                tail.Remove(0, tail.Length - StderrTailLength);
            }
        }

        if (tail.Length > StderrTailLength)
        {
            tail.Remove(0, tail.Length - StderrTailLength);
        }

        return tail.ToString();
    }

    private void LowerPriority(Process process, string tool)
    {
        try
        {
            process.PriorityClass = ProcessPriorityClass.BelowNormal;
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or PlatformNotSupportedException)
        {
            // The tool may already have exited, or the platform may refuse: it then runs at normal priority.
            LogPriorityUnchanged(logger, tool, e.Message);
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Tool} exited with code {ExitCode} after {ElapsedMilliseconds:0} ms")]
    private static partial void LogExited(ILogger logger, string tool, int exitCode, double elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Tool} (process {ProcessId}) ran longer than {Timeout} and was killed")]
    private static partial void LogTimedOut(ILogger logger, string tool, int processId, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Tool} (process {ProcessId}) was cancelled and killed")]
    private static partial void LogCancelled(ILogger logger, string tool, int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The output callback of {Tool} failed; further output is ignored")]
    private static partial void LogCallbackFailed(ILogger logger, Exception exception, string tool);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Tool} keeps its normal priority: {Reason}")]
    private static partial void LogPriorityUnchanged(ILogger logger, string tool, string reason);
}
