using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Infrastructure.Cluster;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Films;

/// <summary>
/// Deletes uploads that were never completed: a record still receiving (or received but never checked,
/// when the process died in between) that got no byte for <see cref="FilmsOptions.AbandonUploadsAfter"/>
/// goes with its .part file; a .part file with no record at all (the process died between writing the
/// file and saving its record) goes once it is as old. An upload a piece is arriving for right now (its
/// lock is held) is left alone. Accepted uploads are the source of their encoding job and are not touched.
/// </summary>
public sealed partial class SweepAbandonedUploads(
    KinodialogDbContext db,
    MediaStorage storage,
    IClusterLocks locks,
    IOptions<FilmsOptions> options,
    TimeProvider clock,
    ILogger<SweepAbandonedUploads> logger)
{
    public sealed record Result(int Uploads, int OrphanFiles);

    public async Task<Result> HandleAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - options.Value.AbandonUploadsAfter;
        var abandoned = await db.MediaUploads.AsNoTracking()
            .Where(u => (u.Status == UploadStatus.Receiving || u.Status == UploadStatus.Received) && u.UpdatedAt < cutoff)
            .Select(u => u.Id)
            .ToListAsync(cancellationToken);
        var uploads = 0;
        foreach (var id in abandoned)
        {
            // The same lock as a PATCH: a piece arriving now keeps its upload.
            await using var gate = await locks.TryAcquireAsync(UploadsApi.LockName(id), cancellationToken);
            if (gate is null)
            {
                continue;
            }

            var deleted = await db.MediaUploads
                .Where(u => u.Id == id && (u.Status == UploadStatus.Receiving || u.Status == UploadStatus.Received) && u.UpdatedAt < cutoff)
                .ExecuteDeleteAsync(cancellationToken);
            if (deleted == 1)
            {
                TryDelete(storage.UploadPath(id));
                uploads++;
                LogAbandoned(logger, id);
            }
        }

        var orphans = await DeleteOrphanFilesAsync(cutoff, cancellationToken);
        return new Result(uploads, orphans);
    }

    private async Task<int> DeleteOrphanFilesAsync(DateTime cutoff, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(storage.UploadPath(Guid.Empty))!;
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        // Files listed before the records are read: a file whose record is saved meanwhile is either
        // in the list of records or too young to be deleted.
        var files = Directory.EnumerateFiles(folder, "*.part").ToList();
        var known = (await db.MediaUploads.AsNoTracking().Select(u => u.Id).ToListAsync(cancellationToken)).ToHashSet();
        var deleted = 0;
        foreach (var file in files)
        {
            if (!Guid.TryParseExact(Path.GetFileNameWithoutExtension(file), "N", out var id) || known.Contains(id)
                || File.GetLastWriteTimeUtc(file) >= cutoff)
            {
                continue;
            }

            if (TryDelete(file))
            {
                deleted++;
                LogOrphanFile(logger, id);
            }
        }

        return deleted;
    }

    private bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogNotDeleted(logger, Path.GetFileName(path), e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {UploadId} was abandoned; its record and bytes were deleted")]
    private static partial void LogAbandoned(ILogger logger, Guid uploadId);

    [LoggerMessage(Level = LogLevel.Information, Message = "The bytes of upload {UploadId} had no record and were deleted")]
    private static partial void LogOrphanFile(ILogger logger, Guid uploadId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the abandoned upload file {FileName}: {Reason}")]
    private static partial void LogNotDeleted(ILogger logger, string fileName, string reason);
}

/// <summary>
/// Runs <see cref="SweepAbandonedUploads"/> and <see cref="SweepEncodingLeftovers"/> a minute after the
/// start, then every <see cref="FilmsOptions.UploadSweepInterval"/>, on the injected clock; one sweep at a
/// time across all nodes.
/// </summary>
public sealed partial class UploadSweepWorker(
    IServiceScopeFactory scopes, IClusterLocks locks, IOptions<FilmsOptions> options, TimeProvider clock, ILogger<UploadSweepWorker> logger) : BackgroundService
{
    public static readonly TimeSpan FirstRun = TimeSpan.FromMinutes(1);

    public sealed record Result(SweepAbandonedUploads.Result Uploads, SweepEncodingLeftovers.Result Encodings);

    /// <summary>Sweeps once now (one sweep at a time on all nodes: waits for one under way).</summary>
    public async Task<Result> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var held = await locks.AcquireAsync("upload-sweep", cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var uploads = await scope.ServiceProvider.GetRequiredService<SweepAbandonedUploads>().HandleAsync(cancellationToken);
        var encodings = await scope.ServiceProvider.GetRequiredService<SweepEncodingLeftovers>().HandleAsync(cancellationToken);
        return new Result(uploads, encodings);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(FirstRun, clock, stoppingToken);
            while (true)
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogFailed(logger, exception);
                }

                await Task.Delay(options.Value.UploadSweepInterval, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not sweep abandoned uploads and encoding leftovers (trying again later)")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
