using Kinodialog.Core.Media;
using Kinodialog.Web.Infrastructure.Media;

namespace Kinodialog.Web.Features.Films;

/// <summary>What the library needs to know about an uploaded file.</summary>
public sealed record MediaInspection(bool IsPlayable, double? DurationSeconds, int Width, int Height, string? Reason)
{
    /// <summary>ffprobe's full answer, when there is one.</summary>
    public MediaProbe? Probe { get; init; }
}

/// <summary>One encoded output in the work directory, hashed.</summary>
public sealed record TranscodedFile(string Rendition, string Path, int Width, int Height, long Size, string Sha256, string ContentType, string Extension);

/// <summary>Checks a file with ffprobe.</summary>
public interface IMediaInspector
{
    Task<MediaInspection> InspectAsync(string path, CancellationToken cancellationToken);
}

/// <summary>Encodes a source into the renditions and a poster (ffmpeg).</summary>
public interface IFilmTranscoder
{
    Task<IReadOnlyList<TranscodedFile>> TranscodeAsync(string sourcePath, string workDirectory, MediaInspection inspection, IProgress<double> progress, CancellationToken cancellationToken);
}

/// <summary>The real inspector and transcoder: ffprobe and ffmpeg.</summary>
public sealed class FfmpegMediaProcessor(FfprobeClient probe, FilmEncoder encoder) : IMediaInspector, IFilmTranscoder
{
    public async Task<MediaInspection> InspectAsync(string path, CancellationToken cancellationToken)
    {
        var result = await probe.ProbeAsync(path, cancellationToken);
        var media = result.Probe;
        return new MediaInspection(result.IsPlayableVideo, media?.Duration?.TotalSeconds, media?.DisplayWidth ?? 0, media?.DisplayHeight ?? 0, result.NotPlayableReason)
        {
            Probe = media,
        };
    }

    public async Task<IReadOnlyList<TranscodedFile>> TranscodeAsync(string sourcePath, string workDirectory, MediaInspection inspection, IProgress<double> progress, CancellationToken cancellationToken)
    {
        var media = inspection.Probe ?? throw new InvalidOperationException("The source was not probed.");
        var files = await encoder.EncodeAsync(sourcePath, workDirectory, media, progress, cancellationToken);
        return files.Select(f => new TranscodedFile(
                f.Name,
                f.Path,
                f.Width,
                f.Height,
                f.Length,
                f.Sha256,
                f.ContentType,
                f.Name == FilmEncoder.PosterName ? "jpg" : "mp4"))
            .ToList();
    }
}
