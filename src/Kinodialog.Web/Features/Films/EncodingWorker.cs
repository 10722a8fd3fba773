using System.Threading.Channels;
using Kinodialog.Data;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Infrastructure;
using Kinodialog.Web.Infrastructure.Cluster;
using Kinodialog.Web.Infrastructure.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kinodialog.Web.Features.Films;

/// <summary>Wakes the encoding worker; the job rows in the database are the truth.</summary>
public sealed class EncodingSignal(TimeProvider clock)
{
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _signals.Writer.TryWrite(true);

    /// <summary>Waits for a wake-up or the timeout (on the injected clock), whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, clock);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            await _signals.Reader.WaitToReadAsync(timer.Token);
            _signals.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // timeout: look at the table again (retries become due)
        }
    }
}

/// <summary>
/// Encodes uploaded films in the background, one at a time. On start, jobs left Running by a crash
/// go back to Pending; a failed attempt is retried after a delay until MaxAttempts, keeping
/// ffmpeg's error. The film switches to the new files only when the whole encode succeeded.
/// </summary>
public sealed partial class EncodingWorker(
    IServiceScopeFactory scopes,
    EncodingSignal queue,
    IFilmTranscoder transcoder,
    IMediaInspector inspector,
    MediaStorage storage,
    IOptions<FilmsOptions> options,
    IOptions<FieldModeOptions> fieldMode,
    IClusterBus bus,
    IClusterLocks locks,
    TimeProvider clock,
    ILogger<EncodingWorker> logger) : BackgroundService
{
    public static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Several nodes: how often a node looks for jobs marked running whose node died (their lock is
    /// free) and for jobs another node queued; on one node, jobs are recovered when the process starts.
    /// </summary>
    public static readonly TimeSpan ClusterPoll = TimeSpan.FromSeconds(5);

    /// <summary>The lock a job is claimed, run, retried and swept under.</summary>
    internal static string LockName(Guid jobId) => "encode:" + jobId.ToString("N");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        // A field laptop never encodes: its films arrive encoded from the central instance.
        if (!options.Value.RunEncoder || fieldMode.Value.Enabled)
        {
            return;
        }

        var recovered = false;
        var poll = bus.Shared ? ClusterPoll : IdlePoll;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!recovered || bus.Shared)
                {
                    await RecoverAsync(stoppingToken);
                    recovered = true;
                }

                var claimed = await ClaimNextAsync(stoppingToken);
                if (claimed is not { } next)
                {
                    await queue.WaitAsync(poll, stoppingToken);
                    continue;
                }

                await using (next.Lock)
                {
                    await RunAsync(next.Job, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // shutting down; a running job stays Running and is recovered at the next start
                return;
            }
            catch (Exception ex)
            {
                // e.g. the database is not migrated yet or briefly unreachable: never stop the web server for it.
                LogLoopError(logger, ex);
                await queue.WaitAsync(IdlePoll, stoppingToken);
            }
        }
    }

    /// <summary>
    /// Jobs marked running whose runner is gone (a previous process, or a node that died: nobody holds
    /// the job's lock) are pending again. A job is claimed and run under its lock, so a job whose lock
    /// is free is not being run by anyone.
    /// </summary>
    internal async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KinodialogDbContext>();
        var running = await db.EncodingJobs.AsNoTracking().Where(j => j.Status == EncodingStatus.Running).Select(j => j.Id).ToListAsync(cancellationToken);
        var recovered = 0;
        foreach (var id in running)
        {
            await using var held = await locks.TryAcquireAsync(LockName(id), cancellationToken);
            if (held is not null)
            {
                // Its runner died with kill -9: an ffmpeg it started may still be running; it must not run beside the retry.
                StopOrphanedTool(id);
                recovered += await db.EncodingJobs.Where(j => j.Id == id && j.Status == EncodingStatus.Running)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, EncodingStatus.Pending), cancellationToken);
            }
        }

        if (recovered > 0)
        {
            LogRecovered(logger, recovered);
        }
    }

    /// <summary>
    /// Takes the oldest due pending job, under its lock (held until the job is done) and atomically (a
    /// second worker would lose the race); null when there is none.
    /// </summary>
    internal async Task<(EncodingJob Job, IAsyncDisposable Lock)?> ClaimNextAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KinodialogDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var candidates = await db.EncodingJobs.AsNoTracking()
            .Where(j => j.Status == EncodingStatus.Pending && (j.NotBefore == null || j.NotBefore <= now))
            .OrderBy(j => j.CreatedAt)
            .Select(j => j.Id)
            .Take(5)
            .ToListAsync(cancellationToken);
        foreach (var id in candidates)
        {
            if (await locks.TryAcquireAsync(LockName(id), cancellationToken) is not { } held)
            {
                continue;
            }

            try
            {
                if (await TryClaimAsync(db, id, now, cancellationToken))
                {
                    return (await db.EncodingJobs.AsNoTracking().FirstAsync(j => j.Id == id, cancellationToken), held);
                }
            }
            catch
            {
                await held.DisposeAsync();
                throw;
            }

            await held.DisposeAsync();
        }

        return null;
    }

    /// <summary>Pending → Running for one job, in one statement: only one claimant can win.</summary>
    private static async Task<bool> TryClaimAsync(KinodialogDbContext db, Guid id, DateTime now, CancellationToken cancellationToken) =>
        await db.EncodingJobs
            .Where(j => j.Id == id && j.Status == EncodingStatus.Pending)
            .ExecuteUpdateAsync(
                s => s.SetProperty(j => j.Status, EncodingStatus.Running)
                    .SetProperty(j => j.StartedAt, now)
                    .SetProperty(j => j.Progress, 0)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1),
                cancellationToken) == 1;

    /// <summary>Claims one job and runs it now (used where no background worker runs, e.g. seeding from the CLI).</summary>
    public async Task<bool> RunNowAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var held = await locks.TryAcquireAsync(LockName(jobId), cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KinodialogDbContext>();
        if (held is null || !await TryClaimAsync(db, jobId, clock.GetUtcNow().UtcDateTime, cancellationToken))
        {
            return false;
        }

        var job = await db.EncodingJobs.AsNoTracking().FirstAsync(j => j.Id == jobId, cancellationToken);
        await RunAsync(job, cancellationToken);
        return true;
    }

    internal async Task RunAsync(EncodingJob job, CancellationToken cancellationToken)
    {
        var work = storage.WorkDirectory(job.Id);
        LogStarted(logger, job.Id, job.FilmId, job.Attempts);
        try
        {
            StopOrphanedTool(job.Id);
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }

            Directory.CreateDirectory(work);
            var source = storage.UploadPath(job.UploadId);
            var inspection = await inspector.InspectAsync(source, cancellationToken);
            if (!inspection.IsPlayable)
            {
                throw new InvalidOperationException("The source is not a playable video: " + inspection.Reason);
            }

            var reporter = new ProgressWriter(this, job.Id, clock);
            var files = await transcoder.TranscodeAsync(source, work, inspection, reporter, cancellationToken);
            await reporter.FlushAsync(1.0, CancellationToken.None);
            await CompleteAsync(job, inspection, files, cancellationToken);
            File.Delete(source);
            LogSucceeded(logger, job.Id, files.Count);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            await FailAsync(job, ex.Message, CancellationToken.None);
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>Kills the tool (ffmpeg) a previous run of this job left running, if its record says it still runs (Linux).</summary>
    private void StopOrphanedTool(Guid jobId)
    {
        var outcome = ToolProcessRecord.KillRecorded(Path.Combine(storage.WorkDirectory(jobId), ToolProcessRecord.FileName));
        if (outcome == RecordedToolOutcome.Killed)
        {
            LogOrphanKilled(logger, jobId);
        }
    }

    private async Task CompleteAsync(EncodingJob job, MediaInspection inspection, IReadOnlyList<TranscodedFile> files, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KinodialogDbContext>();
        foreach (var file in files)
        {
            var relative = storage.Store(file.Path, job.FilmId, file.Sha256, file.Extension);
            db.MediaFiles.Add(new MediaFile
            {
                EncodingJobId = job.Id,
                FilmId = job.FilmId,
                Rendition = file.Rendition,
                Width = file.Width,
                Height = file.Height,
                Size = file.Size,
                Sha256 = file.Sha256,
                RelativePath = relative,
                ContentType = file.ContentType,
            });
        }

        var tracked = await db.EncodingJobs.FirstAsync(j => j.Id == job.Id, cancellationToken);
        tracked.Status = EncodingStatus.Succeeded;
        tracked.Progress = 1;
        tracked.Error = null;
        tracked.FinishedAt = clock.GetUtcNow().UtcDateTime;
        var film = await db.Films.FirstAsync(f => f.Id == job.FilmId, cancellationToken);
        film.CurrentEncodingId = job.Id;
        film.DurationSeconds = inspection.DurationSeconds;
        film.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task FailAsync(EncodingJob job, string error, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KinodialogDbContext>();
        var tracked = await db.EncodingJobs.FirstAsync(j => j.Id == job.Id, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        tracked.Error = error.Length > 8000 ? error[^8000..] : error;
        if (tracked.Attempts >= tracked.MaxAttempts)
        {
            tracked.Status = EncodingStatus.Failed;
            tracked.FinishedAt = now;
            LogFailed(logger, job.Id, tracked.Attempts);
        }
        else
        {
            tracked.Status = EncodingStatus.Pending;
            tracked.NotBefore = now + (options.Value.RetryDelay * tracked.Attempts);
            LogRetry(logger, job.Id, tracked.Attempts, tracked.NotBefore.Value);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    internal async Task SaveProgressAsync(Guid jobId, double progress, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KinodialogDbContext>();
        await db.EncodingJobs.Where(j => j.Id == jobId && j.Status == EncodingStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Progress, progress), cancellationToken);
    }

    /// <summary>Writes progress to the job row at most every two seconds.</summary>
    private sealed class ProgressWriter(EncodingWorker worker, Guid jobId, TimeProvider clock) : IProgress<double>
    {
        private long _lastWrite;
        private Task _pending = Task.CompletedTask;

        public void Report(double value)
        {
            var now = clock.GetTimestamp();
            if (_pending.IsCompleted && clock.GetElapsedTime(_lastWrite, now) >= TimeSpan.FromSeconds(2))
            {
                _lastWrite = now;
                _pending = worker.SaveProgressAsync(jobId, Math.Clamp(value, 0, 1), CancellationToken.None);
            }
        }

        public async Task FlushAsync(double value, CancellationToken cancellationToken)
        {
            await _pending;
            await worker.SaveProgressAsync(jobId, value, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The encoding worker could not read its jobs; it tries again shortly")]
    private static partial void LogLoopError(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} encoding job(s) interrupted by a restart are pending again")]
    private static partial void LogRecovered(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Encoding job {JobId}: the ffmpeg left running by a process that died was killed before the retry")]
    private static partial void LogOrphanKilled(ILogger logger, Guid jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Encoding job {JobId} for film {FilmId} started (attempt {Attempt})")]
    private static partial void LogStarted(ILogger logger, Guid jobId, Guid filmId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Encoding job {JobId} succeeded with {FileCount} files")]
    private static partial void LogSucceeded(ILogger logger, Guid jobId, int fileCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Encoding job {JobId} failed on attempt {Attempt}; retrying after {NotBefore}")]
    private static partial void LogRetry(ILogger logger, Guid jobId, int attempt, DateTime notBefore);

    [LoggerMessage(Level = LogLevel.Error, Message = "Encoding job {JobId} failed after {Attempts} attempts")]
    private static partial void LogFailed(ILogger logger, Guid jobId, int attempts);
}
