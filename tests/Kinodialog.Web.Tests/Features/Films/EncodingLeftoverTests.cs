using System.Net;
using Kinodialog.Data.Entities;
using Kinodialog.Web.Features.Films;
using Kinodialog.Web.Infrastructure.Media;
using Kinodialog.Web.Tests.Infrastructure;
using Kinodialog.Web.Tests.Infrastructure.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Kinodialog.Web.Tests.Features.Films.FilmTestKit;

namespace Kinodialog.Web.Tests.Features.Films;

/// <summary>
/// What encodes leave on disk: the source of an encode that failed for good (kept for a while so staff can
/// retry, then deleted and shown as deleted), sources left after a success, and work folders left after a
/// crash. Nothing of a queued or running encode and no rendition is ever deleted.
/// </summary>
public abstract class EncodingLeftoverTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : KinodialogFactory
{
    private MediaStorage Storage => factory.Services.GetRequiredService<MediaStorage>();

    private TimeSpan KeepFailedSourcesFor => factory.Services.GetRequiredService<IOptions<FilmsOptions>>().Value.KeepFailedSourcesFor;

    /// <summary>A sweep now, after the one the clock may have started in the background (so counts are not asserted).</summary>
    private Task<UploadSweepWorker.Result> SweepAsync() =>
        factory.Services.GetRequiredService<UploadSweepWorker>().RunOnceAsync(CancellationToken.None);

    private Task<EncodingJob> JobAsync(Guid id) => factory.WithDbAsync(db => db.EncodingJobs.AsNoTracking().SingleAsync(j => j.Id == id));

    /// <summary>An accepted upload with its source on disk and an encoding job in the given state, as the worker leaves them.</summary>
    private async Task<EncodingJob> JobWithSourceAsync(Guid filmId, EncodingStatus status, bool writeSource = true)
    {
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var upload = new MediaUpload { FilmId = filmId, Status = UploadStatus.Accepted, Length = 4096, Offset = 4096, OriginalName = "film.mkv", CreatedAt = now, UpdatedAt = now };
        var finished = status is EncodingStatus.Succeeded or EncodingStatus.Failed;
        var job = new EncodingJob
        {
            FilmId = filmId,
            UploadId = upload.Id,
            Status = status,
            Attempts = status == EncodingStatus.Pending ? 0 : 3,
            MaxAttempts = 3,
            Error = status == EncodingStatus.Failed ? "Conversion failed!" : null,
            CreatedAt = now,
            StartedAt = status == EncodingStatus.Pending ? null : now,
            FinishedAt = finished ? now : null,
        };
        await factory.WithDbAsync(async db =>
        {
            db.MediaUploads.Add(upload);
            db.EncodingJobs.Add(job);
            return await db.SaveChangesAsync();
        });
        if (writeSource)
        {
            var path = Storage.UploadPath(upload.Id);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, new byte[4096]);
        }

        return job;
    }

    /// <summary>A work folder with a half-written rendition in it, as a crash leaves it.</summary>
    private string WorkFolder(Guid jobId)
    {
        var work = Storage.WorkDirectory(jobId);
        Directory.CreateDirectory(work);
        File.WriteAllBytes(Path.Combine(work, "720p.mp4"), new byte[2048]);
        return work;
    }

    [Fact]
    public async Task The_source_of_an_encode_that_failed_for_good_is_kept_for_a_retry_then_deleted_and_the_media_page_says_why()
    {
        var slug = NewSlug();
        var filmId = await CreateFilmAsync(factory, slug);
        var job = await JobWithSourceAsync(filmId, EncodingStatus.Failed);
        var source = Storage.UploadPath(job.UploadId);

        factory.Clock.Advance(KeepFailedSourcesFor - TimeSpan.FromHours(1));
        await SweepAsync();

        Assert.True(File.Exists(source), "the source was deleted before staff could retry");
        Assert.Null((await JobAsync(job.Id)).SourceRemovedAt);
        using (var staff = await TestClient.SignedInAsync(factory, Roles.Programme))
        {
            var page = await staff.GetOkPageAsync($"/en/films/{slug}/media");
            Assert.Contains("kept until", page.QuerySelector("[data-testid=source-kept]")!.TextContent, StringComparison.Ordinal);
            Assert.NotNull(page.QuerySelector("[data-testid=retry-encoding]"));
        }

        factory.Clock.Advance(TimeSpan.FromHours(2));
        await SweepAsync();

        Assert.False(File.Exists(source), "the source of an encode that failed for good stays on disk forever");
        var swept = await JobAsync(job.Id);
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        Assert.InRange(swept.SourceRemovedAt!.Value, now - TimeSpan.FromHours(2), now); // PostgreSQL keeps microseconds
        Assert.Equal(EncodingStatus.Failed, swept.Status);
        Assert.Equal("Conversion failed!", swept.Error);
        using var later = await TestClient.SignedInAsync(factory, Roles.Programme);
        var shown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var culture in new[] { "en", "hy", "az", "ru" })
        {
            var page = await later.GetOkPageAsync($"/{culture}/films/{slug}/media");
            var removed = page.QuerySelector("[data-testid=source-removed]");
            Assert.NotNull(removed);
            Assert.Null(page.QuerySelector("[data-testid=retry-encoding]"));
            Assert.True(shown.Add(removed.TextContent.Trim()), $"the message in {culture} is not translated");
        }

        Assert.Contains("deleted", shown.First(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_of_a_queued_or_running_encode_is_deleted_however_old()
    {
        var filmId = await CreateFilmAsync(factory, NewSlug());
        var pending = await JobWithSourceAsync(filmId, EncodingStatus.Pending);
        var running = await JobWithSourceAsync(filmId, EncodingStatus.Running);
        var pendingWork = WorkFolder(pending.Id);
        var runningWork = WorkFolder(running.Id);

        factory.Clock.Advance(KeepFailedSourcesFor + TimeSpan.FromDays(30));
        await SweepAsync();

        Assert.True(File.Exists(Storage.UploadPath(pending.UploadId)), "the source of a queued encode was deleted");
        Assert.True(File.Exists(Storage.UploadPath(running.UploadId)), "the source of a running encode was deleted");
        Assert.True(File.Exists(Path.Combine(pendingWork, "720p.mp4")), "the work of a queued encode was deleted");
        Assert.True(File.Exists(Path.Combine(runningWork, "720p.mp4")), "the work of a running encode was deleted");
    }

    [Fact]
    public async Task Work_folders_of_finished_failed_and_vanished_jobs_are_deleted_and_other_folders_kept()
    {
        var filmId = await CreateFilmAsync(factory, NewSlug());
        var succeeded = await JobWithSourceAsync(filmId, EncodingStatus.Succeeded, writeSource: false);
        var failed = await JobWithSourceAsync(filmId, EncodingStatus.Failed);
        var succeededWork = WorkFolder(succeeded.Id);
        var failedWork = WorkFolder(failed.Id);
        var vanishedWork = WorkFolder(Guid.CreateVersion7());
        var notOurs = Path.Combine(Path.GetDirectoryName(succeededWork)!, "notes");
        Directory.CreateDirectory(notOurs);

        await SweepAsync();

        Assert.False(Directory.Exists(succeededWork), "the work folder of a succeeded encode was left");
        Assert.False(Directory.Exists(failedWork), "the work folder of an encode that failed for good was left");
        Assert.False(Directory.Exists(vanishedWork), "the work folder of a job that no longer exists was left");
        Assert.True(Directory.Exists(notOurs), "a folder that is not a job's was deleted");
        Assert.True(File.Exists(Storage.UploadPath(failed.UploadId)), "the failed source is deleted only after the keep time");
    }

    [Fact]
    public async Task A_stale_work_folder_goes_with_the_ffmpeg_still_writing_into_it()
    {
        var vanished = Guid.CreateVersion7();
        var work = Storage.WorkDirectory(vanished);
        Directory.CreateDirectory(work);
        var record = Path.Combine(work, ToolProcessRecord.FileName);
        var run = factory.Services.GetRequiredService<ProcessRunner>()
            .RunAsync("ffmpeg", ToolProcessRecordTests.EndlessFfmpeg, TimeSpan.FromMinutes(2), null, record, CancellationToken.None);
        var pid = await ToolProcessRecordTests.RecordedPidAsync(record);
        Assert.True(ToolProcessRecordTests.IsAlive(pid));

        await SweepAsync();

        Assert.False(ToolProcessRecordTests.IsAlive(pid), "the ffmpeg of a vanished job still runs");
        Assert.False((await run.WaitAsync(TimeSpan.FromSeconds(10))).Succeeded);
        Assert.False(Directory.Exists(work));
    }

    [Fact]
    public async Task A_real_encode_keeps_its_renditions_while_the_leftovers_around_it_are_swept()
    {
        using var staff = await TestClient.SignedInAsync(factory, Roles.Programme);
        var slug = NewSlug();
        var filmId = await CreateFilmAsync(factory, slug);
        using (var last = await UploadAsync(staff.Http, filmId, await MakeVideoAsync(1)))
        {
            Assert.Equal(HttpStatusCode.NoContent, last.StatusCode);
        }

        await EncodePendingAsync(factory);
        var good = await factory.WithDbAsync(db => db.EncodingJobs.AsNoTracking().SingleAsync(j => j.FilmId == filmId));
        Assert.Equal(EncodingStatus.Succeeded, good.Status);
        var files = await factory.WithDbAsync(db => db.MediaFiles.AsNoTracking().Where(f => f.EncodingJobId == good.Id).ToListAsync());
        Assert.NotEmpty(files);
        // The process died after the success was saved, before the source and the work folder were deleted.
        await File.WriteAllBytesAsync(Storage.UploadPath(good.UploadId), new byte[4096]);
        WorkFolder(good.Id);
        // A later upload of the same film failed for good and nobody retried it.
        var bad = await JobWithSourceAsync(filmId, EncodingStatus.Failed);
        WorkFolder(bad.Id);

        factory.Clock.Advance(KeepFailedSourcesFor + TimeSpan.FromHours(1));
        await SweepAsync();

        Assert.False(File.Exists(Storage.UploadPath(good.UploadId)), "the source of a succeeded encode was left behind");
        Assert.False(File.Exists(Storage.UploadPath(bad.UploadId)));
        Assert.False(Directory.Exists(Storage.WorkDirectory(good.Id)));
        Assert.False(Directory.Exists(Storage.WorkDirectory(bad.Id)));
        Assert.All(files, f => Assert.True(File.Exists(Storage.FullPath(f.RelativePath)), $"the rendition {f.Rendition} was deleted"));
        Assert.Equal(good.Id, await factory.WithDbAsync(db => db.Films.Where(f => f.Id == filmId).Select(f => f.CurrentEncodingId).SingleAsync()));
        using var viewer = TestClient.Create(factory);
        var page = await viewer.GetOkPageAsync($"/en/films/{slug}");
        using var video = await viewer.Http.GetAsync(page.QuerySelector("video source")!.GetAttribute("src"));
        Assert.Equal(HttpStatusCode.OK, video.StatusCode);
    }

    [Fact]
    public async Task A_failed_encode_is_queued_again_from_the_media_page_while_its_source_is_kept_and_not_after()
    {
        var slug = NewSlug();
        var filmId = await CreateFilmAsync(factory, slug);
        var kept = await JobWithSourceAsync(filmId, EncodingStatus.Failed);
        using (var staff = await TestClient.SignedInAsync(factory, Roles.Programme))
        {
            using var response = await staff.PostFormAsync($"/en/films/{slug}/media", new() { ["job"] = kept.Id.ToString() }, "Retry");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = TestClient.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("The encode was queued again.", page.QuerySelector("[data-testid=upload-message]")!.TextContent.Trim());
        }

        var queued = await JobAsync(kept.Id);
        Assert.Equal(EncodingStatus.Pending, queued.Status);
        Assert.True(queued.MaxAttempts > queued.Attempts, "the retried encode has no attempt left");
        Assert.Null(queued.FinishedAt);

        var late = await JobWithSourceAsync(filmId, EncodingStatus.Failed);
        factory.Clock.Advance(KeepFailedSourcesFor + TimeSpan.FromHours(1));
        await SweepAsync();
        Assert.True(File.Exists(Storage.UploadPath(kept.UploadId)), "the source of a retried (queued) encode was deleted");
        Assert.False(File.Exists(Storage.UploadPath(late.UploadId)));

        using var later = await TestClient.SignedInAsync(factory, Roles.Programme);
        var media = await later.GetOkPageAsync($"/en/films/{slug}/media");
        var token = media.QuerySelector("form[action*='handler=Retry'] input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? media.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var refused = await later.Http.PostAsync($"/en/films/{slug}/media?handler=Retry", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["job"] = late.Id.ToString(),
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var answer = TestClient.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("no longer there", answer.QuerySelector("[data-testid=upload-message]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(EncodingStatus.Failed, (await JobAsync(late.Id)).Status);

        // A translator works on this page (subtitles) but may not touch encodes.
        using var translator = await TestClient.SignedInAsync(factory, Roles.Translator);
        using var forbidden = await translator.PostWithTokenFromAsync($"/en/films/{slug}/media", $"/en/films/{slug}/media?handler=Retry", new() { ["job"] = kept.Id.ToString() });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }
}

public sealed class EncodingLeftoverTestsOnSqlite(SqliteFactory factory) : EncodingLeftoverTests<SqliteFactory>(factory);

public sealed class EncodingLeftoverTestsOnPostgres(PostgresFactory factory) : EncodingLeftoverTests<PostgresFactory>(factory);
