using System.Security.Cryptography;
using Kinodialog.Core.Media;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Infrastructure.Media;

/// <summary>One file an encode produced.</summary>
/// <param name="Name">The rendition's name ("240p", "360p", "720p") or "poster".</param>
/// <param name="Path">Full path of the file in the work directory.</param>
/// <param name="ContentType">"video/mp4" or "image/jpeg".</param>
/// <param name="Width">Width in pixels, as ffprobe reads it from the file.</param>
/// <param name="Height">Height in pixels, as ffprobe reads it from the file.</param>
/// <param name="Length">Size in bytes.</param>
/// <param name="Sha256">SHA-256 of the content, lower-case hex: the basis of content-addressed URLs.</param>
public sealed record EncodedFile(string Name, string Path, string ContentType, int Width, int Height, long Length, string Sha256);

/// <summary>
/// Encodes a probed source into every rung of the <see cref="EncodingLadder"/> it deserves, plus a
/// poster frame, one ffmpeg run after another (a two-core machine has nothing to gain from parallel runs).
/// </summary>
public sealed partial class FilmEncoder(
    ProcessRunner runner,
    FfprobeClient ffprobe,
    IOptions<MediaToolsOptions> options,
    TimeProvider clock,
    ILogger<FilmEncoder> logger)
{
    public const string PosterName = "poster";

    public const string PosterFileName = "poster.jpg";

    /// <summary>
    /// Writes "&lt;rung&gt;.mp4" for each selected rung and "poster.jpg" into <paramref name="workDirectory"/>
    /// and describes them, rungs smallest first and the poster last. Progress runs from 0 to 1 across
    /// all rungs, each weighted by its pixel count. On failure or cancellation the files made so far are deleted.
    /// </summary>
    /// <exception cref="MediaEncodingException">ffmpeg failed or ran out of time; the message carries its last words.</exception>
    public async Task<IReadOnlyList<EncodedFile>> EncodeAsync(
        string sourcePath,
        string workDirectory,
        MediaProbe probe,
        IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        ArgumentException.ThrowIfNullOrEmpty(workDirectory);
        ArgumentNullException.ThrowIfNull(probe);
        if (!probe.IsPlayableVideo || probe.Duration is not { } duration)
        {
            throw new ArgumentException($"The source cannot be encoded: {probe.NotPlayableReason}.", nameof(probe));
        }

        if (!File.Exists(sourcePath))
        {
            throw new FileNotFoundException("No source to encode.", sourcePath);
        }

        Directory.CreateDirectory(workDirectory);
        var settings = options.Value;
        var started = clock.GetTimestamp();
        var rungs = EncodingLadder.For(probe);
        var totalWeight = rungs.Sum(Weight);
        var reported = 0.0;
        void Report(double fraction)
        {
            // Monotonic and never above 1, whatever ffmpeg's clock says.
            fraction = Math.Clamp(fraction, 0, 1);
            if (progress is not null && fraction > reported)
            {
                reported = fraction;
                progress.Report(fraction);
            }
        }

        var made = new List<string>();
        try
        {
            var files = new List<EncodedFile>();
            var done = 0.0;
            foreach (var rung in rungs)
            {
                var output = Path.Combine(workDirectory, rung.FileName);
                made.Add(output);
                var share = Weight(rung) / totalWeight;
                var tracker = new FfmpegProgress(duration);
                var before = done;
                await RunAsync(
                    FfmpegArguments.Encode(sourcePath, output, rung, settings.Threads),
                    workDirectory,
                    rung.Name,
                    started,
                    line =>
                    {
                        if (tracker.Apply(line))
                        {
                            Report(before + (tracker.Fraction * share));
                        }
                    },
                    cancellationToken);
                done += share;
                Report(done);
                var file = await DescribeAsync(rung.Name, output, "video/mp4", requirePlayable: true, cancellationToken);
                var elapsed = clock.GetElapsedTime(started);
                LogEncoded(logger, rung.Name, file.Width, file.Height, file.Length, elapsed);
                files.Add(file);
            }

            var poster = Path.Combine(workDirectory, PosterFileName);
            made.Add(poster);
            await RunAsync(FfmpegArguments.Poster(sourcePath, poster, probe.PosterSeconds), workDirectory, PosterName, started, null, cancellationToken);
            files.Add(await DescribeAsync(PosterName, poster, "image/jpeg", requirePlayable: false, cancellationToken));
            Report(1);
            return files;
        }
        catch
        {
            foreach (var path in made)
            {
                TryDelete(path);
            }

            throw;
        }
    }

    // Encoding cost grows with the pixel count: 720p weighs nine times 240p.
    private static double Weight(Rendition rung) => (double)rung.Height * rung.Height;

    /// <summary>Runs ffmpeg with a <see cref="ToolProcessRecord"/> in the work directory while it runs.</summary>
    private async Task RunAsync(IReadOnlyList<string> arguments, string workDirectory, string what, long started, Action<string>? onLine, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var remaining = settings.EncodeTimeout - clock.GetElapsedTime(started);
        if (remaining <= TimeSpan.Zero)
        {
            throw new MediaEncodingException($"Encoding ran out of its {settings.EncodeTimeout} before the {what}.");
        }

        var result = await runner.RunAsync(
            settings.FfmpegPath, arguments, remaining, onLine, Path.Combine(workDirectory, ToolProcessRecord.FileName), cancellationToken);
        if (result.TimedOut)
        {
            throw new MediaEncodingException($"ffmpeg ran longer than {settings.EncodeTimeout} making the {what} and was stopped", result.StderrTail);
        }

        if (result.ExitCode != 0)
        {
            throw new MediaEncodingException($"ffmpeg failed with exit code {result.ExitCode} making the {what}", result.StderrTail);
        }
    }

    private async Task<EncodedFile> DescribeAsync(string name, string path, string contentType, bool requirePlayable, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length == 0)
        {
            throw new MediaEncodingException($"ffmpeg reported success but wrote no {name}.");
        }

        var probed = await ffprobe.ProbeAsync(path, cancellationToken);
        if (probed.Probe is not { HasVideo: true } probe || (requirePlayable && !probed.IsPlayableVideo))
        {
            throw new MediaEncodingException($"ffmpeg wrote a {name} that does not play: {probed.NotPlayableReason}.");
        }

        string sha256;
        await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan))
        {
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        }

        return new EncodedFile(name, info.FullName, contentType, probe.DisplayWidth, probe.DisplayHeight, info.Length, sha256);
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogNotDeleted(logger, Path.GetFileName(path), e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Encoded {Rendition} ({Width}x{Height}, {Length} bytes); {Elapsed} since the encode started")]
    private static partial void LogEncoded(ILogger logger, string rendition, int width, int height, long length, TimeSpan elapsed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the partial output {FileName}: {Reason}")]
    private static partial void LogNotDeleted(ILogger logger, string fileName, string reason);
}
