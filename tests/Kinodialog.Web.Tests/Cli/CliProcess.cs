using System.Diagnostics;
using Kinodialog.Web.Cli;
using Kinodialog.Web.Tests.Infrastructure;

namespace Kinodialog.Web.Tests.Cli;

/// <summary>The real binary run as a separate process, the way run.sh runs it; killed (with its children) on timeout.</summary>
public static class CliProcess
{
    public sealed record Result(int ExitCode, string Output, string Error, bool TimedOut)
    {
        /// <summary>Standard output and standard error together.</summary>
        public string All => Output + Error;
    }

    public static string WebAssembly()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Repository.Path("src", "Kinodialog.Web", "bin", configuration, "net10.0", "Kinodialog.Web.dll");
        Assert.True(File.Exists(path), $"{path} not built");
        return path;
    }

    public static Task<Result> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] args) =>
        RunAsync(workingDirectory, environment, timeout, CancellationToken.None, args);

    /// <summary>As above; the process is also killed (and the result says <see cref="Result.TimedOut"/>) when <paramref name="kill"/> fires.</summary>
    public static async Task<Result> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken kill, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(WebAssembly());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment.Remove(KinodialogCommandLine.AdminPasswordVariable);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var timedOut = false;
        using (var cancel = CancellationTokenSource.CreateLinkedTokenSource(kill))
        {
            cancel.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        return new Result(process.ExitCode, await output, await error, timedOut);
    }
}
