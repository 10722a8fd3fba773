using System.Text;
using Kinodialog.Core.Media;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Infrastructure.Media;

/// <summary>What probing a file found: a <see cref="MediaProbe"/>, or why the file could not be read.</summary>
public sealed record ProbeResult
{
    private ProbeResult(MediaProbe? probe, string? failureReason)
    {
        Probe = probe;
        FailureReason = failureReason;
    }

    /// <summary>ffprobe's findings; null when ffprobe could not read the file.</summary>
    public MediaProbe? Probe { get; }

    /// <summary>Why ffprobe could not read the file (one of <see cref="NotPlayableReasons"/>), or null.</summary>
    public string? FailureReason { get; }

    /// <summary>Whether the file can be encoded and published as a film.</summary>
    public bool IsPlayableVideo => Probe is { IsPlayableVideo: true };

    /// <summary>Why the file cannot be published as a film (one of <see cref="NotPlayableReasons"/>), or null.</summary>
    public string? NotPlayableReason => FailureReason ?? Probe?.NotPlayableReason;

    public static ProbeResult Success(MediaProbe probe) => new(probe ?? throw new ArgumentNullException(nameof(probe)), null);

    public static ProbeResult Failure(string reason) => new(null, reason);
}

/// <summary>Asks ffprobe what a file is.</summary>
public sealed partial class FfprobeClient(ProcessRunner runner, IOptions<MediaToolsOptions> options, ILogger<FfprobeClient> logger)
{
    // ffprobe's JSON for a real film is a few kilobytes; a crafted file with countless streams is not a film.
    private const int MaxOutputLength = 4 * 1024 * 1024;

    /// <summary>Probes a local file. A file that is not media at all gives a failure "not a video file".</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public async Task<ProbeResult> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("No file to probe.", path);
        }

        var json = new StringBuilder();
        var result = await runner.RunAsync(
            options.Value.FfprobePath,
            FfmpegArguments.Probe(path),
            options.Value.ProbeTimeout,
            line =>
            {
                if (json.Length < MaxOutputLength)
                {
                    json.AppendLine(line);
                }
            },
            cancellationToken);

        if (result.TimedOut)
        {
            return ProbeResult.Failure(NotPlayableReasons.ProbeTimedOut);
        }

        if (result.ExitCode != 0 || json.Length >= MaxOutputLength)
        {
            LogUnreadable(logger, result.ExitCode);
            return ProbeResult.Failure(NotPlayableReasons.NotMedia);
        }

        try
        {
            return ProbeResult.Success(FfprobeOutput.Parse(json.ToString()));
        }
        catch (FormatException)
        {
            return ProbeResult.Failure(NotPlayableReasons.NotMedia);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ffprobe could not read a file as media (exit code {ExitCode})")]
    private static partial void LogUnreadable(ILogger logger, int exitCode);
}
