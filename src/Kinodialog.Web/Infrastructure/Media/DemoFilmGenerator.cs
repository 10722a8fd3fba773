using Kinodialog.Core.Media;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Infrastructure.Media;

/// <summary>Makes short synthetic films with ffmpeg, for demo content and tests.</summary>
public sealed partial class DemoFilmGenerator(ProcessRunner runner, IOptions<MediaToolsOptions> options, ILogger<DemoFilmGenerator> logger)
{
    /// <summary>The font used for titles when the spec names none (Debian's fonts-dejavu-core: Latin, Cyrillic, Armenian).</summary>
    public const string DefaultFontFile = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary>
    /// Writes an MP4 (H.264 + AAC, faststart) to <paramref name="outputPath"/>. Titles are drawn with
    /// the spec's font, else <see cref="DefaultFontFile"/> when it is installed, else not at all.
    /// </summary>
    /// <exception cref="MediaEncodingException">ffmpeg failed; nothing is left at <paramref name="outputPath"/>.</exception>
    public async Task GenerateAsync(string outputPath, DemoFilmSpec spec, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.FontFile is null && File.Exists(DefaultFontFile))
        {
            spec = spec with { FontFile = DefaultFontFile };
        }

        var arguments = FfmpegArguments.DemoFilm(outputPath, spec);
        var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var settings = options.Value;
        ProcessResult result;
        try
        {
            result = await runner.RunAsync(settings.FfmpegPath, arguments, settings.EncodeTimeout, null, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            File.Delete(outputPath);
            throw;
        }

        if (!result.Succeeded || !File.Exists(outputPath))
        {
            File.Delete(outputPath);
            throw new MediaEncodingException(
                result.TimedOut ? "ffmpeg ran out of time making a demo film" : $"ffmpeg failed with exit code {result.ExitCode} making a demo film",
                result.StderrTail);
        }

        LogGenerated(logger, spec.Duration, spec.Width, spec.Height);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo film generated: {Duration}, {Width}x{Height}")]
    private static partial void LogGenerated(ILogger logger, TimeSpan duration, int width, int height);
}
