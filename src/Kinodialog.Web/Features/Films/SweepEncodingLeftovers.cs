using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Infrastructure.Cluster;
using Kinodialog.Web.Infrastructure.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Films;

/// <summary>
/// Deletes what encodes leave on disk once nothing can use it any more:
/// <list type="bullet">
/// <item>the source (uploads/{uploadId}.part) of an encode that failed for good, once its last attempt is
/// <see cref="FilmsOptions.KeepFailedSourcesFor"/> old (until then staff can retry); the job records when
/// (<see cref="EncodingJob.SourceRemovedAt"/>) so the media page can say so;</item>
/// <item>the source of an encode that succeeded, or of an upload that was rejected, left behind when the
/// process died between saving the outcome and deleting the file;</item>
/// <item>work/{jobId}/ folders of jobs that no longer exist, succeeded or failed for good (left by a crash),
/// after killing an ffmpeg they record as still running.</item>
/// </list>
/// Nothing of a job that is pending or running is touched: each job is checked again under its encode lock
/// (held by whoever runs or retries it). Rendition files live under films/ and are never touched.
/// </summary>
public sealed partial class SweepEncodingLeftovers(
    KinodialogDbContext db,
    MediaStorage storage,
    IClusterLocks locks,
    IOptions<FilmsOptions> options,
    TimeProvider clock,
    ILogger<SweepEncodingLeftovers> logger)
{
    /// <param name="FailedSources">Sources of encodes that failed for good, deleted after the keep time.</param>
    /// <param name="FinishedSources">Sources left behind by a succeeded encode or a rejected upload.</param>
    /// <param name="WorkFolders">Stale work folders.</param>
    /// <param name="Bytes">Bytes freed in all.</param>
    public sealed record Result(int FailedSources, int FinishedSources, int WorkFolders, long Bytes);

    public async Task<Result> HandleAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (failed, finished, sourceBytes) = await SweepSourcesAsync(now, cancellationToken);
        var (folders, folderBytes) = await SweepWorkFoldersAsync(cancellationToken);
        return new Result(failed, finished, folders, sourceBytes + folderBytes);
    }

    private async Task<(int Failed, int Finished, long Bytes)> SweepSourcesAsync(DateTime now, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(storage.UploadPath(Guid.Empty))!;
        if (!Directory.Exists(folder))
        {
            return (0, 0, 0);
        }

        var ids = Directory.EnumerateFiles(folder, "*.part")
            .Select(f => Guid.TryParseExact(Path.GetFileNameWithoutExtension(f), "N", out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty)
            .ToHashSet();
        if (ids.Count == 0)
        {
            return (0, 0, 0);
        }

        // Only uploads that are done receiving: abandoned and unknown ones are SweepAbandonedUploads' business.
        var uploads = await db.MediaUploads.AsNoTracking()
            .Where(u => ids.Contains(u.Id) && (u.Status == UploadStatus.Accepted || u.Status == UploadStatus.Rejected))
            .Select(u => new { u.Id, u.Status })
            .ToListAsync(cancellationToken);
        var keepUntil = now - options.Value.KeepFailedSourcesFor;
        int failed = 0, finished = 0;
        long bytes = 0;
        foreach (var upload in uploads)
        {
            if (upload.Status == UploadStatus.Rejected)
            {
                if (TryDeleteFile(storage.UploadPath(upload.Id)) is { } rejected)
                {
                    finished++;
                    bytes += rejected;
                    LogFinishedSource(logger, upload.Id, rejected);
                }

                continue;
            }

            var jobIds = await db.EncodingJobs.AsNoTracking().Where(j => j.UploadId == upload.Id).Select(j => j.Id).ToListAsync(cancellationToken);
            if (jobIds.Count == 0)
            {
                continue; // accepted a moment ago: its job is saved with it, so this is not expected; keep it
            }

            // Under the lock of every job of this source: none can be claimed, run or retried meanwhile.
            var held = new List<IAsyncDisposable>();
            try
            {
                foreach (var jobId in jobIds)
                {
                    if (await locks.TryAcquireAsync(EncodingWorker.LockName(jobId), cancellationToken) is not { } gate)
                    {
                        break;
                    }

                    held.Add(gate);
                }

                if (held.Count != jobIds.Count)
                {
                    continue; // being run or retried right now
                }

                var jobs = await db.EncodingJobs.AsNoTracking().Where(j => j.UploadId == upload.Id)
                    .Select(j => new { j.Id, j.Status, j.FinishedAt })
                    .ToListAsync(cancellationToken);
                if (jobs.Count == 0 || jobs.Any(j => j.Status is EncodingStatus.Pending or EncodingStatus.Running))
                {
                    continue;
                }

                var succeeded = jobs.Any(j => j.Status == EncodingStatus.Succeeded);
                if (!succeeded && jobs.Any(j => j.FinishedAt is not { } end || end > keepUntil))
                {
                    continue; // failed for good, but still kept so staff can retry
                }

                if (TryDeleteFile(storage.UploadPath(upload.Id)) is not { } size)
                {
                    continue;
                }

                bytes += size;
                if (succeeded)
                {
                    finished++;
                    LogFinishedSource(logger, upload.Id, size);
                }
                else
                {
                    await db.EncodingJobs.Where(j => j.UploadId == upload.Id && j.Status == EncodingStatus.Failed && j.SourceRemovedAt == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(j => j.SourceRemovedAt, now), cancellationToken);
                    failed++;
                    LogFailedSource(logger, upload.Id, jobs[0].Id, size, options.Value.KeepFailedSourcesFor);
                }
            }
            finally
            {
                foreach (var gate in held)
                {
                    await gate.DisposeAsync();
                }
            }
        }

        return (failed, finished, bytes);
    }

    private async Task<(int Folders, long Bytes)> SweepWorkFoldersAsync(CancellationToken cancellationToken)
    {
        var root = Path.GetDirectoryName(storage.WorkDirectory(Guid.Empty))!;
        if (!Directory.Exists(root))
        {
            return (0, 0);
        }

        // Folders are listed before the jobs are read; a job's folder is made only after its row is claimed.
        var folders = Directory.EnumerateDirectories(root)
            .Select(d => Guid.TryParseExact(Path.GetFileName(d), "N", out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty)
            .ToList();
        int deleted = 0;
        long bytes = 0;
        foreach (var jobId in folders)
        {
            await using var gate = await locks.TryAcquireAsync(EncodingWorker.LockName(jobId), cancellationToken);
            if (gate is null)
            {
                continue; // its job is being run
            }

            var status = await db.EncodingJobs.AsNoTracking().Where(j => j.Id == jobId).Select(j => (EncodingStatus?)j.Status).FirstOrDefaultAsync(cancellationToken);
            if (status is EncodingStatus.Pending or EncodingStatus.Running)
            {
                continue; // a retry starts by clearing it
            }

            var path = storage.WorkDirectory(jobId);
            var prefix = "work/" + Path.GetFileName(path) + "/";
            if (await db.MediaFiles.AsNoTracking().AnyAsync(f => f.RelativePath.StartsWith(prefix), cancellationToken))
            {
                continue; // never expected (renditions are moved to films/), but a file in use is never deleted
            }

            // A process killed with kill -9 may have left its ffmpeg writing here.
            if (ToolProcessRecord.KillRecorded(Path.Combine(path, ToolProcessRecord.FileName)) == RecordedToolOutcome.Killed)
            {
                LogToolKilled(logger, jobId);
            }

            var size = FolderSize(path);
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogNotDeleted(logger, Path.GetFileName(path), e.Message);
                continue;
            }

            deleted++;
            bytes += size;
            LogWorkFolder(logger, jobId, status is null ? "no job" : status.Value.ToString(), size);
        }

        return (deleted, bytes);
    }

    /// <summary>Deletes a file and returns its size; 0 when it was already gone, null when it could not be deleted.</summary>
    private long? TryDeleteFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return 0;
            }

            var size = info.Length;
            info.Delete();
            return size;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogNotDeleted(logger, Path.GetFileName(path), e.Message);
            return null;
        }
    }

    private static long FolderSize(string path)
    {
        try
        {
            return new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The source of upload {UploadId} (encoding job {JobId} failed for good) was kept for {KeptFor} and is deleted: {Bytes} bytes freed")]
    private static partial void LogFailedSource(ILogger logger, Guid uploadId, Guid jobId, long bytes, TimeSpan keptFor);

    [LoggerMessage(Level = LogLevel.Information, Message = "The source of upload {UploadId}, left behind after its encode or rejection, is deleted: {Bytes} bytes freed")]
    private static partial void LogFinishedSource(ILogger logger, Guid uploadId, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "The work folder of encoding job {JobId} ({JobState}) was left behind and is deleted: {Bytes} bytes freed")]
    private static partial void LogWorkFolder(ILogger logger, Guid jobId, string jobState, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Encoding job {JobId}: an ffmpeg still writing into its stale work folder was killed")]
    private static partial void LogToolKilled(ILogger logger, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the encoding leftover {Name}: {Reason}")]
    private static partial void LogNotDeleted(ILogger logger, string name, string reason);
}
