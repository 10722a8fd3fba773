using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Infrastructure.Cluster;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Films;

/// <summary>
/// Queues an encode that failed for good once more, with a fresh set of attempts, while its uploaded
/// source is still kept (see <see cref="FilmsOptions.KeepFailedSourcesFor"/>). Runs under the job's encode
/// lock, as the sweep that deletes the source does: one of them wins, never both.
/// </summary>
public sealed partial class RetryEncoding(
    KinodialogDbContext db,
    MediaStorage storage,
    IClusterLocks locks,
    EncodingSignal queue,
    IOptions<FilmsOptions> options,
    ILogger<RetryEncoding> logger)
{
    public enum Outcome
    {
        Queued,
        NotFound,
        NotFailed,
        SourceGone,
    }

    public async Task<Outcome> HandleAsync(Guid filmId, Guid jobId, CancellationToken cancellationToken)
    {
        await using var gate = await locks.TryAcquireAsync(EncodingWorker.LockName(jobId), cancellationToken);
        if (gate is null)
        {
            return Outcome.NotFailed; // being run (or swept) right now
        }

        var job = await db.EncodingJobs.FirstOrDefaultAsync(j => j.Id == jobId && j.FilmId == filmId, cancellationToken);
        if (job is null)
        {
            return Outcome.NotFound;
        }

        if (job.Status != EncodingStatus.Failed)
        {
            return Outcome.NotFailed;
        }

        if (job.SourceRemovedAt is not null || !File.Exists(storage.UploadPath(job.UploadId)))
        {
            return Outcome.SourceGone;
        }

        job.Status = EncodingStatus.Pending;
        job.MaxAttempts = job.Attempts + options.Value.MaxEncodeAttempts;
        job.NotBefore = null;
        job.FinishedAt = null;
        job.Progress = 0;
        await db.SaveChangesAsync(cancellationToken);
        queue.Wake();
        LogRetried(logger, jobId);
        return Outcome.Queued;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Encoding job {JobId}, failed for good, was queued again by staff")]
    private static partial void LogRetried(ILogger logger, Guid jobId);
}
