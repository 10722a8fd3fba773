using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Films;
using Kinodialog.Web.Infrastructure.Media;
using Kinodialog.Web.Tests.Infrastructure;
using Kinodialog.Web.Tests.Infrastructure.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kinodialog.Web.Tests.Features.Films.FilmTestKit;

namespace Kinodialog.Web.Tests.Features.Films;

/// <summary>
/// The server died (kill -9) while ffmpeg encoded: the recovery of the job, at the next start or when it is
/// retried, kills the ffmpeg still running beside it before anything starts again.
/// </summary>
public abstract class OrphanedEncoderTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    private async Task<EncodingJob> RunningJobAsync()
    {
        var filmId = await CreateFilmAsync(factory, NewSlug());
        var job = new EncodingJob { FilmId = filmId, UploadId = Guid.CreateVersion7(), Status = EncodingStatus.Running, Attempts = 1, CreatedAt = factory.Clock.GetUtcNow().UtcDateTime };
        await factory.WithDbAsync(async db =>
        {
            db.EncodingJobs.Add(job);
            return await db.SaveChangesAsync();
        });
        return job;
    }

    /// <summary>ffmpeg started for the job as the encoder starts it, by a runner nobody waits for any more.</summary>
    private async Task<(Task<ProcessResult> Run, int Pid)> OrphanedFfmpegAsync(Guid jobId)
    {
        var work = factory.Services.GetRequiredService<MediaStorage>().WorkDirectory(jobId);
        Directory.CreateDirectory(work);
        var record = Path.Combine(work, ToolProcessRecord.FileName);
        var run = factory.Services.GetRequiredService<ProcessRunner>()
            .RunAsync("ffmpeg", ToolProcessRecordTests.EndlessFfmpeg, TimeSpan.FromMinutes(2), null, record, CancellationToken.None);
        var pid = await ToolProcessRecordTests.RecordedPidAsync(record);
        Assert.True(ToolProcessRecordTests.IsAlive(pid));
        return (run, pid);
    }

    [Fact]
    public async Task Recovery_at_start_kills_the_ffmpeg_a_killed_server_left_running()
    {
        var job = await RunningJobAsync();
        var (run, pid) = await OrphanedFfmpegAsync(job.Id);

        await factory.Services.GetRequiredService<EncodingWorker>().RecoverAsync(CancellationToken.None);

        Assert.False(ToolProcessRecordTests.IsAlive(pid), "the orphaned ffmpeg still runs");
        Assert.False((await run.WaitAsync(TimeSpan.FromSeconds(10))).Succeeded);
        var recovered = await factory.WithDbAsync(db => db.EncodingJobs.AsNoTracking().SingleAsync(j => j.Id == job.Id));
        Assert.Equal(EncodingStatus.Pending, recovered.Status);
    }

    [Fact]
    public async Task A_retry_kills_the_ffmpeg_of_the_previous_attempt_before_it_starts()
    {
        var job = await RunningJobAsync();
        var (run, pid) = await OrphanedFfmpegAsync(job.Id);

        // The retry itself fails (there is no source), but the ffmpeg of the attempt before is gone first.
        await factory.Services.GetRequiredService<EncodingWorker>().RunAsync(job, CancellationToken.None);

        Assert.False(ToolProcessRecordTests.IsAlive(pid), "the orphaned ffmpeg still runs");
        Assert.False((await run.WaitAsync(TimeSpan.FromSeconds(10))).Succeeded);
    }
}

public sealed class OrphanedEncoderTestsOnSqlite(SqliteFactory factory) : OrphanedEncoderTests<SqliteFactory>(factory);

public sealed class OrphanedEncoderTestsOnPostgres(PostgresFactory factory) : OrphanedEncoderTests<PostgresFactory>(factory);
