using System.Net;
using System.Security.Cryptography;
using Kinodialog.Web.Features.Films;

namespace Kinodialog.Web.Features.Field;

/// <summary>Why a file could not be downloaded.</summary>
public enum DownloadFailure
{
    None = 0,

    /// <summary>The call failed (see the central error).</summary>
    Central,

    /// <summary>The bytes arrived but their SHA-256 is not the one announced: the part file was deleted.</summary>
    HashMismatch,

    /// <summary>More bytes than announced.</summary>
    TooLong,
}

public sealed record DownloadOutcome(DownloadFailure Failure, string? RelativePath = null, CentralError? Central = null)
{
    public bool Succeeded => Failure == DownloadFailure.None;
}

/// <summary>
/// Downloads one content-addressed file from the central instance into a <c>.part</c> file below the
/// media directory, resuming with a range request from the part's length after a cut, verifies its
/// SHA-256 (a mismatch deletes the part) and moves it to the place the Films feature serves it from
/// (films/{filmId}/{sha256}.{ext}).
/// </summary>
public sealed partial class FileDownloader(CentralClient central, MediaStorage storage, TimeProvider clock, ILogger<FileDownloader> logger)
{
    /// <summary>Attempts per file; a cut after some progress resumes at once, one without progress waits first.</summary>
    public const int MaxAttempts = 6;

    public static readonly TimeSpan RetryWait = TimeSpan.FromSeconds(5);

    public string PartPath(string sha256) => Path.Combine(storage.Root, "field", sha256 + ".part");

    /// <summary>Relative path a file of a film is stored at (whether or not it is there yet).</summary>
    public static string RelativePath(Guid filmId, string sha256, string extension) => $"films/{filmId:N}/{sha256}.{extension}";

    /// <summary>True when the file is already at its content-addressed place with the expected size.</summary>
    public bool IsStored(Guid filmId, string sha256, string extension, long size)
    {
        var info = new FileInfo(storage.FullPath(RelativePath(filmId, sha256, extension)));
        return info.Exists && info.Length == size;
    }

    public async Task<DownloadOutcome> DownloadAsync(
        FieldLink link, Guid filmId, string sha256, long size, string extension, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        sha256 = sha256.ToLowerInvariant();
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            return new DownloadOutcome(DownloadFailure.HashMismatch);
        }

        if (IsStored(filmId, sha256, extension, size))
        {
            progress?.Report(size);
            return new DownloadOutcome(DownloadFailure.None, RelativePath(filmId, sha256, extension));
        }

        var part = PartPath(sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(part)!);
        CentralError? lastError = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var before = File.Exists(part) ? new FileInfo(part).Length : 0;
            if (before > size)
            {
                File.Delete(part);
                before = 0;
            }

            lastError = before < size || size == 0
                ? await FetchAsync(link, sha256, before, size, part, progress, cancellationToken)
                : null;

            var after = File.Exists(part) ? new FileInfo(part).Length : 0;
            if (after > size)
            {
                File.Delete(part);
                return new DownloadOutcome(DownloadFailure.TooLong);
            }

            if (after == size && lastError is null or { Failure: CentralFailure.Unreachable or CentralFailure.Timeout })
            {
                return await VerifyAndStoreAsync(part, filmId, sha256, extension, cancellationToken);
            }

            if (lastError is { Failure: CentralFailure.Revoked or CentralFailure.Refused })
            {
                break;
            }

            LogCut(logger, sha256[..12], after, size, attempt);
            if (after == before)
            {
                await Task.Delay(RetryWait * attempt, clock, cancellationToken);
            }
        }

        return new DownloadOutcome(DownloadFailure.Central, Central: lastError ?? new CentralError(CentralFailure.Unreachable));
    }

    private async Task<DownloadOutcome> VerifyAndStoreAsync(string part, Guid filmId, string sha256, string extension, CancellationToken cancellationToken)
    {
        string actual;
        await using (var stream = new FileStream(part, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
        {
            actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        }

        if (!string.Equals(actual, sha256, StringComparison.Ordinal))
        {
            File.Delete(part);
            LogMismatch(logger, sha256[..12]);
            return new DownloadOutcome(DownloadFailure.HashMismatch);
        }

        return new DownloadOutcome(DownloadFailure.None, storage.Store(part, filmId, sha256, extension));
    }

    /// <summary>Appends what the central instance sends from <paramref name="from"/> on; null when the stream ended normally.</summary>
    private async Task<CentralError?> FetchAsync(FieldLink link, string sha256, long from, long size, string part, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var (response, error) = await central.FileAsync(link, sha256, from, cancellationToken);
        if (response is null)
        {
            return error;
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                // The part already holds everything (or more): verifying tells which.
                return null;
            }

            var append = from > 0 && response.StatusCode == HttpStatusCode.PartialContent
                && response.Content.Headers.ContentRange?.From == from;
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                await using var file = new FileStream(part, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                var written = append ? from : 0;
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    if (written + read > size)
                    {
                        await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                        return null;
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    written += read;
                    progress?.Report(written);
                }
            }
            catch (Exception exception) when (CentralClient.Failure(exception, cancellationToken) is { } failure)
            {
                return failure;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Download of file {Sha} cut at {Bytes} of {Size} bytes (attempt {Attempt}); resuming")]
    private static partial void LogCut(ILogger logger, string sha, long bytes, long size, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Downloaded file {Sha} does not match its SHA-256; the part was deleted")]
    private static partial void LogMismatch(ILogger logger, string sha);
}
